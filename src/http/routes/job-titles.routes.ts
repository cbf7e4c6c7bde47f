import { Type } from 'typebox';
import {
  addJobTitleHolder,
  createJobTitle,
  deleteJobTitle,
  listOrganizationJobTitles,
  removeRoleObject,
  setJobTitlesOfMembers,
  updateJobTitle,
} from '../../services/people/job-titles.js';
import { parseWith } from '../includes.js';
import { requireActor } from '../plugins/auth.js';
import { presentJobTitle, presentRoleObject } from '../presenters/present-job-title.js';
import { Envelope, ErrorResponses, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { bulkRoleObjectsInputOf, roleObjectInputOf } from './job-titles.inputs.js';
import {
  AddRoleObjectBody,
  BulkRoleObjectsBody,
  JobTitleBody,
  JobTitleListQuery,
  JobTitleParams,
  JobTitleSchema,
  RoleObjectParams,
  RoleObjectSchema,
} from './job-titles.schemas.js';

const tags = ['Organization'];
const one = { 200: Envelope(JobTitleSchema), ...ErrorResponses };

export const jobTitleRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/organization-roles',
    {
      schema: {
        tags,
        summary: "The organization's job titles, by title (q; with=assignees lists their holders)",
        params: OrgParams,
        querystring: JobTitleListQuery,
        response: { 200: Envelope(Type.Array(JobTitleSchema)), ...ErrorResponses },
      },
    },
    async (request) => {
      const withHolders = parseWith(request.query.with).has('assignees');
      const views = await listOrganizationJobTitles(ctx, requireActor(request), {
        q: request.query.q,
        withHolders,
      });
      return { data: views.map((v) => presentJobTitle(v.jobTitle, v.holders)) };
    },
  );

  app.post(
    '/organizations/:org/organization-roles',
    {
      schema: {
        tags,
        summary: 'Create a job title (title unique regardless of case); admins',
        params: OrgParams,
        body: JobTitleBody,
        response: { 201: Envelope(JobTitleSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const jobTitle = await createJobTitle(ctx, requireActor(request), request.body.title);
      reply.status(201);
      return { data: presentJobTitle(jobTitle) };
    },
  );

  app.put(
    '/organizations/:org/organization-roles/:role',
    {
      schema: {
        tags,
        summary: 'Rename a job title; admins',
        params: JobTitleParams,
        body: JobTitleBody,
        response: one,
      },
    },
    async (request) => {
      const jobTitle = await updateJobTitle(
        ctx,
        requireActor(request),
        request.params.role.toLowerCase(),
        request.body.title,
      );
      return { data: presentJobTitle(jobTitle) };
    },
  );

  app.delete(
    '/organizations/:org/organization-roles/:role',
    {
      schema: {
        tags,
        summary: 'Delete a job title: its holders and permission entries lose it; admins',
        params: JobTitleParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await deleteJobTitle(ctx, requireActor(request), request.params.role.toLowerCase());
      reply.status(204);
      return null;
    },
  );

  app.post(
    '/organizations/:org/organization-roles/add-object',
    {
      schema: {
        tags: ['Step'],
        summary: 'Give a member a job title (subject_type User, subject_id the member id); admins',
        params: OrgParams,
        body: AddRoleObjectBody,
        response: { 200: Envelope(RoleObjectSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const row = await addJobTitleHolder(ctx, requireActor(request), roleObjectInputOf(request.body));
      return { data: presentRoleObject(row) };
    },
  );

  app.post(
    '/organizations/:org/organization-roles/add-object/bulk',
    {
      schema: {
        tags: ['Step', 'Task'],
        summary: 'Set exactly which job titles each listed member holds (adds and removes); admins',
        params: OrgParams,
        body: BulkRoleObjectsBody,
        response: { 200: Envelope(Type.Array(RoleObjectSchema)), ...ErrorResponses },
      },
    },
    async (request) => {
      const rows = await setJobTitlesOfMembers(
        ctx,
        requireActor(request),
        bulkRoleObjectsInputOf(request.body),
      );
      return { data: rows.map(presentRoleObject) };
    },
  );

  app.delete(
    '/organizations/:org/roles-object/:id',
    {
      schema: {
        tags: ['Step'],
        summary: 'Take a job title off the member holding it (the id add-object answered); admins',
        params: RoleObjectParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await removeRoleObject(ctx, requireActor(request), request.params.id);
      reply.status(204);
      return null;
    },
  );
};
