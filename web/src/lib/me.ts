import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** The signed-in member's own membership here (role and status), cached for the session. */
export function useMyMembership(org: string) {
  return useQuery({
    queryKey: ['my-membership', org],
    queryFn: async () => unwrap(await api.GET('/organizations/{org}/me', { params: { path: { org } } })).data,
    staleTime: 5 * 60_000,
  });
}
