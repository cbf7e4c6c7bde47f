/**
 * A guest's comments and problems on their own tasks, through their guest code alone: the
 * spec's `/public/organizations/{org}/guests/{code}/tasks/{task}/…` paths, also served
 * under `/organizations/{org}/guests/{code}/…` like the guest's other routes. Refused with
 * 403 GUEST_COMMENTS_DISABLED where the task has `prevent_guest_comment`.
 */
import type { AppContext } from '../../services/context.js';
import {
  addComment,
  deleteComment,
  editComment,
  findThreadAuthor,
  raiseProblem,
  resolveProblem,
  type ThreadResult,
} from '../../services/tasks/threads.js';
import { requireGuest } from '../plugins/auth.js';
import { GuestThreadSchema, presentGuestThread } from '../presenters/present-guest-task.js';
import { Envelope, ErrorResponses } from '../schemas/common.js';
import {
  GuestCommentParams,
  GuestResolveBody,
  GuestTaskParams,
  GuestThreadBody,
} from '../schemas/guest-tasks.schemas.js';
import type { RouteModule } from '../types.js';

const guestOnly = { security: [], tags: ['Guest'] };
const OneThread = Envelope(GuestThreadSchema);
const PREFIXES = ['/public/organizations/:org/guests/:guest_code', '/organizations/:org/guests/:guest_code'];

async function answer(ctx: AppContext, result: ThreadResult) {
  return { data: presentGuestThread(result.thread, await findThreadAuthor(ctx, result.thread)) };
}

export const guestThreadRoutes: RouteModule = (app, ctx) => {
  for (const prefix of PREFIXES) {
    const created = { 201: OneThread, ...ErrorResponses };
    app.post(
      `${prefix}/tasks/:task_id/comment`,
      {
        schema: {
          ...guestOnly,
          summary: 'The guest comments on their task',
          params: GuestTaskParams,
          body: GuestThreadBody,
          response: created,
        },
      },
      async (request, reply) => {
        const input = { content: request.body.content };
        const result = await addComment(ctx, requireGuest(request), request.params.task_id, input);
        reply.status(201);
        return answer(ctx, result);
      },
    );
    app.post(
      `${prefix}/tasks/:task_id/problem`,
      {
        schema: {
          ...guestOnly,
          summary: 'The guest reports a problem on their task',
          params: GuestTaskParams,
          body: GuestThreadBody,
          response: created,
        },
      },
      async (request, reply) => {
        const input = { content: request.body.content };
        const result = await raiseProblem(ctx, requireGuest(request), request.params.task_id, input);
        reply.status(201);
        return answer(ctx, result);
      },
    );
    app.post(
      `${prefix}/tasks/:task_id/resolved-threads`,
      {
        schema: {
          ...guestOnly,
          summary: 'The guest resolves a problem on their task (explanation required)',
          params: GuestTaskParams,
          body: GuestResolveBody,
          response: created,
        },
      },
      async (request, reply) => {
        const input = { threadId: request.body.thread_id, content: request.body.content };
        const result = await resolveProblem(ctx, requireGuest(request), request.params.task_id, input);
        reply.status(201);
        return answer(ctx, result);
      },
    );
    app.put(
      `${prefix}/tasks/:task_id/comment/:comment_id`,
      {
        schema: {
          ...guestOnly,
          summary: 'The guest edits their own comment',
          params: GuestCommentParams,
          body: GuestThreadBody,
          response: { 200: OneThread, ...ErrorResponses },
        },
      },
      async (request) => {
        const p = request.params;
        const input = { content: request.body.content };
        return answer(ctx, await editComment(ctx, requireGuest(request), p.task_id, p.comment_id, input));
      },
    );
    app.delete(
      `${prefix}/tasks/:task_id/comment/:comment_id`,
      {
        schema: {
          ...guestOnly,
          summary: 'The guest deletes their own comment',
          params: GuestCommentParams,
          response: { 200: OneThread, ...ErrorResponses },
        },
      },
      async (request) => {
        const p = request.params;
        return answer(ctx, await deleteComment(ctx, requireGuest(request), p.task_id, p.comment_id));
      },
    );
  }
};
