import fastJsonStringify from 'fast-json-stringify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { TaskSchema } from '../../src/http/presenters/present-task.js';
import { Envelope, Nullable, NullableDate } from '../../src/http/schemas/common.js';
import { serializerCompiler, transformForSerialization } from '../../src/http/serializer.js';

const compile = (schema: unknown) =>
  serializerCompiler({ schema, method: 'GET', url: '/', httpStatus: '200' } as never);

describe('response serialisation', () => {
  it('writes a nullable primitive as a type list, without a runtime validator', () => {
    expect(transformForSerialization(Nullable(Type.String()))).toEqual({ type: ['string', 'null'] });
    expect(transformForSerialization(NullableDate)).toMatchObject({ type: ['string', 'null'] });
    expect(transformForSerialization(NullableDate)).not.toHaveProperty('anyOf');
    expect(transformForSerialization(Nullable(Type.Integer()))).toEqual({ type: ['integer', 'null'] });
  });

  it('leaves nullable objects, patterns and other unions as they are', () => {
    const object = Nullable(Type.Object({ a: Type.String() }));
    const pattern = Nullable(Type.String({ pattern: '^a$' }));
    const union = Type.Union([Type.String(), Type.Integer()]);
    for (const schema of [object, pattern, union]) {
      expect(transformForSerialization(schema)).toEqual(JSON.parse(JSON.stringify(schema)));
    }
  });

  it('does not change the schema it is given', () => {
    const schema = Type.Object({ a: Nullable(Type.String()) });
    const before = JSON.stringify(schema);
    transformForSerialization(schema);
    expect(JSON.stringify(schema)).toBe(before);
  });

  it('serialises a task the same as fast-json-stringify on the schema as written', () => {
    const schema = Envelope(TaskSchema);
    const task = {
      id: 'a'.repeat(32),
      increment_id: 7,
      title: 'Review "contract"',
      original_title: 'Review',
      summary: null,
      run_id: 'b'.repeat(32),
      checklist_id: null,
      step_id: null,
      linked_step_id: null,
      alias: 'review',
      taskdata: { f1: 'x', f2: [1, 2], f3: null },
      owners: { users: [1, 2], guests: ['g@example.com'], groups: [], roles: ['r1'] },
      roles: ['r1'],
      is_completable: true,
      status: 'not-started',
      status_label: 'not-started',
      task_type: 'task',
      is_approved: null,
      position: 1,
      started_at: null,
      deadline: '2025-05-20T17:00:00.000Z',
      created_at: '2025-05-01T00:00:00.000Z',
      last_updated: '2025-05-01T00:00:00.000Z',
      archived_at: null,
      completed_at: null,
      starter_id: 3,
      owner_id: null,
      completer_id: null,
      completer_guest_id: null,
      run_status: 'active',
      max_assignable: 0,
      prevent_guest_comment: false,
      can_complete_only_assignees: false,
      everyone_must_complete: false,
      is_soft_start_date: false,
      allow_guest_owners: false,
      top_secret: false,
      is_oneoff_task: false,
      problem: false,
      problems_count: 0,
      is_overdue: false,
      is_due_soon: true,
      completion_progress: 0,
      webhook: null,
      stage_id: null,
      step: { data: { id: 's1', title: 'Step' } },
    };
    const body = { data: task };
    const text = compile(schema)(body);
    expect(text).toBe(fastJsonStringify(schema as never)(body));
    expect(JSON.parse(text)).toEqual(body);
  });
});
