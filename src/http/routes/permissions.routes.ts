import { Type } from 'typebox';
import {
  getProcessPermissions,
  getTemplatePermissions,
  listTemplatesPermissions,
  updateProcessPermissions,
  updateTemplatePermissions,
} from '../../services/permissions/permissions.js';
import { requireActor } from '../plugins/auth.js';
import { presentRunPermissions, presentTemplatePermissions } from '../presenters/present-permissions.js';
import { Envelope, ErrorResponses, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { runPermissionsInputOf, templatePermissionsInputOf } from './permissions.inputs.js';
import {
  RunPermissionParams,
  RunPermissionsBody,
  RunPermissionsSchema,
  TemplatePermissionParams,
  TemplatePermissionsBody,
  TemplatePermissionsSchema,
  TemplatesPermissionsBody,
} from './permissions.schemas.js';

const tags = ['Security'];
const templateAnswer = { 200: Envelope(TemplatePermissionsSchema), ...ErrorResponses };
const runAnswer = { 200: Envelope(RunPermissionsSchema), ...ErrorResponses };

export const permissionRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/checklists/:checklist_id/permissions',
    {
      schema: {
        tags,
        summary: "A template's permission lists (members, groups, job titles); for those who may edit it",
        params: TemplatePermissionParams,
        response: templateAnswer,
      },
    },
    async (request) => {
      const view = await getTemplatePermissions(ctx, requireActor(request), request.params.checklist_id);
      return { data: presentTemplatePermissions(view.templateId, view.permissions) };
    },
  );

  app.put(
    '/organizations/:org/checklists/:checklist_id/permissions',
    {
      schema: {
        tags,
        summary:
          'Replace the template permission lists sent (lists left out are kept; an empty list restricts no one); admins',
        params: TemplatePermissionParams,
        body: TemplatePermissionsBody,
        response: templateAnswer,
      },
    },
    async (request) => {
      const view = await updateTemplatePermissions(
        ctx,
        requireActor(request),
        request.params.checklist_id,
        templatePermissionsInputOf(request.body),
      );
      return { data: presentTemplatePermissions(view.templateId, view.permissions) };
    },
  );

  app.post(
    '/organizations/:org/checklists/permissions',
    {
      schema: {
        tags,
        summary: 'The permission lists of several templates (those the caller may edit)',
        params: OrgParams,
        body: TemplatesPermissionsBody,
        response: { 200: Envelope(Type.Array(TemplatePermissionsSchema)), ...ErrorResponses },
      },
    },
    async (request) => {
      const views = await listTemplatesPermissions(ctx, requireActor(request), request.body.ids);
      return { data: views.map((v) => presentTemplatePermissions(v.templateId, v.permissions)) };
    },
  );

  app.get(
    '/organizations/:org/runs/:run_id/permissions',
    {
      schema: {
        tags,
        summary: "A process's own read list (empty: its template's process_read list applies)",
        params: RunPermissionParams,
        response: runAnswer,
      },
    },
    async (request) => {
      const list = await getProcessPermissions(ctx, requireActor(request), request.params.run_id);
      return { data: presentRunPermissions(request.params.run_id.toLowerCase(), list) };
    },
  );

  app.put(
    '/organizations/:org/runs/:run_id/permissions',
    {
      schema: {
        tags,
        summary: "Replace a process's read list (members, groups, job titles); admins",
        params: RunPermissionParams,
        body: RunPermissionsBody,
        response: runAnswer,
      },
    },
    async (request) => {
      const list = await updateProcessPermissions(
        ctx,
        requireActor(request),
        request.params.run_id,
        runPermissionsInputOf(request.body),
      );
      return { data: presentRunPermissions(request.params.run_id.toLowerCase(), list) };
    },
  );
};
