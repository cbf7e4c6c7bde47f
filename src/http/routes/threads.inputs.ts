/** Comment bodies (wire) → the typed input of the thread services; other keys are ignored. */
import type { Static } from 'typebox';
import type { CommentInput } from '../../services/tasks/threads.js';
import type { CommentBody } from './threads.routes.js';

export function commentInputOf(body: Static<typeof CommentBody>): CommentInput {
  return { content: body.content, label: body.label, state: body.state };
}
