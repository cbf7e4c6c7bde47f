import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

export interface Person {
  id: number;
  name: string;
}

/** The organization's members by id, to name assignees (one page of 100, cached). */
export function useMembers(org: string) {
  return useQuery({
    queryKey: ['members', org],
    queryFn: async () => {
      const { data } = unwrap(
        await api.GET('/organizations/{org}/users', { params: { path: { org }, query: { per_page: 100 } } }),
      );
      return new Map<number, Person>(
        data.map((m) => {
          const u = m as { id: number; full_name?: string; email?: string };
          return [u.id, { id: u.id, name: u.full_name || u.email || `Member ${u.id}` }];
        }),
      );
    },
    staleTime: 5 * 60_000,
  });
}

/** "Ann Lee, Bob Ray, +1 guest": the assignees of a task in a few words. */
export function ownerNames(
  owners: { users: number[]; guests: string[]; groups: string[] },
  members: Map<number, Person> | undefined,
): string {
  const names = owners.users.map((id) => members?.get(id)?.name ?? `Member ${id}`);
  names.push(...owners.guests);
  if (owners.groups.length) names.push(`${owners.groups.length} group${owners.groups.length > 1 ? 's' : ''}`);
  return names.length ? names.join(', ') : 'Nobody assigned';
}
