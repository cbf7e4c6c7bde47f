import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** The signed-in member's own profile in the organization (its role decides admin pages). */
export function useMyMembership(org: string) {
  return useQuery({
    queryKey: ['my-membership', org],
    queryFn: async () => unwrap(await api.GET('/organizations/{org}/me', { params: { path: { org } } })).data,
    staleTime: 5 * 60_000,
  });
}

export const isAdminRole = (role: string | null | undefined) => role === 'admin';
