import { Type } from 'typebox';
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
import { requireActor } from '../plugins/auth.js';
import { presentThread, ThreadSchema } from '../presenters/present-thread.js';
import { Envelope, ErrorResponses } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { commentInputOf } from './threads.inputs.js';

const TaskParams = Type.Object({ org: Type.String(), task_id: Type.String() });
const CommentParams = Type.Object({
  org: Type.String(),
  task_id: Type.String(),
  comment_id: Type.Integer({ minimum: 1 }),
});
export const CommentBody = Type.Object(
  {
    content: Type.String(),
    label: Type.Optional(Type.String()),
    state: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
const ResolveBody = Type.Object(
  { thread_id: Type.Integer({ minimum: 1 }), content: Type.String() },
  { additionalProperties: true },
);
const OneThread = Envelope(ThreadSchema);
const tags = ['Comment'];

async function answer(ctx: AppContext, result: ThreadResult) {
  const author = await findThreadAuthor(ctx, result.thread);
  return { data: presentThread(result.thread, author, result.task.owners.users) };
}

export const threadRoutes: RouteModule = (app, ctx) => {
  const created = { 201: OneThread, ...ErrorResponses };
  app.post(
    '/organizations/:org/tasks/:task_id/comment',
    {
      schema: {
        tags,
        summary: 'Comment on a task (label problem raises a problem)',
        params: TaskParams,
        body: CommentBody,
        response: created,
      },
    },
    async (request, reply) => {
      const input = commentInputOf(request.body);
      const result = await addComment(ctx, requireActor(request), request.params.task_id, input);
      reply.status(201);
      return answer(ctx, result);
    },
  );
  app.post(
    '/organizations/:org/tasks/:task_id/problem',
    {
      schema: {
        tags,
        summary: 'Report a problem on a task',
        params: TaskParams,
        body: CommentBody,
        response: created,
      },
    },
    async (request, reply) => {
      const input = commentInputOf(request.body);
      const result = await raiseProblem(ctx, requireActor(request), request.params.task_id, input);
      reply.status(201);
      return answer(ctx, result);
    },
  );
  app.post(
    '/organizations/:org/tasks/:task_id/resolved-threads',
    {
      schema: {
        tags,
        summary: 'Resolve a problem (explanation required)',
        params: TaskParams,
        body: ResolveBody,
        response: created,
      },
    },
    async (request, reply) => {
      const b = request.body;
      const input = { threadId: b.thread_id, content: b.content };
      const result = await resolveProblem(ctx, requireActor(request), request.params.task_id, input);
      reply.status(201);
      return answer(ctx, result);
    },
  );
  app.put(
    '/organizations/:org/tasks/:task_id/comment/:comment_id',
    {
      schema: {
        tags,
        summary: 'Edit a comment (author or admin)',
        params: CommentParams,
        body: CommentBody,
        response: { 200: OneThread, ...ErrorResponses },
      },
    },
    async (request) => {
      const p = request.params;
      return answer(
        ctx,
        await editComment(ctx, requireActor(request), p.task_id, p.comment_id, commentInputOf(request.body)),
      );
    },
  );
  app.delete(
    '/organizations/:org/tasks/:task_id/comment/:comment_id',
    {
      schema: {
        tags,
        summary: 'Delete a comment (author or admin)',
        params: CommentParams,
        response: { 200: OneThread, ...ErrorResponses },
      },
    },
    async (request) => {
      const p = request.params;
      return answer(ctx, await deleteComment(ctx, requireActor(request), p.task_id, p.comment_id));
    },
  );
};
