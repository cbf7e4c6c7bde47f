import { search, searchTemplateTasks } from '../../services/search/search.js';
import { baseUrlOf } from '../base-url.js';
import { paginationMeta } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import { presentSnippet } from '../presenters/present-snippet.js';
import { presentTemplate } from '../presenters/present-template.js';
import { presentProcesses } from '../presenters/process-includes.js';
import { presentTasks } from '../presenters/task-includes.js';
import { ErrorResponses, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { searchInputOf, taskSearchInputOf } from './search.inputs.js';
import { SearchAnswer, SearchQuery, TaskSearchAnswer, TaskSearchBody } from './search.schemas.js';

export const searchRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/search',
    {
      schema: {
        tags: ['Search'],
        summary:
          'Search tasks, processes, templates (titles, names, summaries, step titles) and snippets (titles, content); one group per `on` value, each paged',
        params: OrgParams,
        querystring: SearchQuery,
        response: { 200: SearchAnswer, ...ErrorResponses },
      },
    },
    async (request) => {
      const input = searchInputOf(request.query);
      const groups = await search(ctx, requireActor(request), input);
      const present = {
        requested: input.requested,
        baseUrl: baseUrlOf(request, ctx.config.publicUrl),
        now: ctx.clock.now(),
      };
      const answer: Record<string, unknown> = {};
      for (const group of groups) {
        const data =
          group.kind === 'task'
            ? presentTasks(group.page.items, { ...present, alwaysSummary: true })
            : group.kind === 'process'
              ? presentProcesses(group.page.items, present)
              : group.kind === 'template'
                ? group.page.items.map((view) => presentTemplate(view))
                : group.page.items.map((snippet) => presentSnippet(snippet));
        answer[group.key] = {
          data,
          meta: { pagination: paginationMeta(request, group.page.info, ctx.config.publicUrl) },
        };
      }
      return answer;
    },
  );

  app.post(
    '/organizations/:org/checklists/search/tasks',
    {
      schema: {
        tags: ['Task'],
        summary: "Search a template's tasks (blueprint_id, step_id) by title or summary: [{run_id, task_id}]",
        params: OrgParams,
        body: TaskSearchBody,
        response: { 200: TaskSearchAnswer, ...ErrorResponses },
      },
    },
    async (request) => {
      const hits = await searchTemplateTasks(ctx, requireActor(request), taskSearchInputOf(request.body));
      return { data: hits.map((h) => ({ run_id: h.processId, task_id: h.taskId })) };
    },
  );
};
