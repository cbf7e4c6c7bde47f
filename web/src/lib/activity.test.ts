import { describe, expect, it } from 'vitest';
import { changeText, feedQuery } from './activity';

describe('feedQuery', () => {
  it('asks for 20 a page and nothing else without filters', () => {
    expect(feedQuery({})).toEqual({ query: { per_page: 20 }, errors: {} });
  });

  it('an object type alone filters by type; with an id it names the entity', () => {
    expect(feedQuery({ type: 'Process' }).query).toEqual({ per_page: 20, type: 'Process' });
    expect(feedQuery({ type: 'Process', id: ' r1 ' }).query).toEqual({
      per_page: 20,
      entity_type: 'run',
      entity_id: 'r1',
    });
    expect(feedQuery({ type: 'Template', id: 't1' }).query).toMatchObject({ entity_type: 'checklist' });
    expect(feedQuery({ type: 'Comment', id: '9' }).query).toMatchObject({ entity_type: 'thread' });
  });

  it('refuses an id without a type that has ids', () => {
    expect(feedQuery({ id: 'abc' }).errors).toEqual({
      id: 'Choose a template, process, step, task or comment to look up by id.',
    });
    expect(feedQuery({ type: 'Group', id: 'abc' }).errors).toHaveProperty('id');
  });

  it('passes actor, date range, search and page; refuses a reversed range and a 1-letter search', () => {
    expect(feedQuery({ actor: 3, from: '2026-12-01', to: '2026-12-04', q: ' renamed ', page: 2 })).toEqual({
      query: {
        per_page: 20,
        actor_id: 3,
        created_after: '2026-12-01',
        created_before: '2026-12-04',
        search: 'renamed',
        page: 2,
      },
      errors: {},
    });
    expect(feedQuery({ from: '2026-12-05', to: '2026-12-04' }).errors).toEqual({
      to: 'The end of the range is before its start.',
    });
    expect(feedQuery({ q: 'a' }).errors).toEqual({ q: 'Search for at least 2 characters.' });
    expect(feedQuery({ page: 1 }).query).toEqual({ per_page: 20 });
  });
});

describe('changeText', () => {
  it('shows old → new with the field, and nothing for a row without values', () => {
    expect(changeText({ field: 'title', old_value: 'Draft', new_value: 'Final' })).toBe(
      'title: Draft → Final',
    );
    expect(changeText({ field: null, old_value: null, new_value: 'x' })).toBe('— → x');
    expect(changeText({ field: 'title', old_value: null, new_value: null })).toBeNull();
  });

  it('shows a record of facts (a creation) as key: value pairs, leaving out empty ones', () => {
    expect(changeText({ field: null, old_value: null, new_value: { title: 'Report', run_id: null } })).toBe(
      '— → title: Report',
    );
  });

  it('names members in an assignee change', () => {
    const members = new Map([[4, { id: 4, name: 'Ann Lee' }]]);
    expect(
      changeText(
        {
          field: 'owners',
          old_value: { users: [], guests: [], groups: [] },
          new_value: { users: [4], guests: [], groups: [] },
        },
        members,
      ),
    ).toBe('owners: — → Ann Lee');
  });
});
