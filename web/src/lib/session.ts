import type { QueryClient } from '@tanstack/react-query';
import { redirect } from '@tanstack/react-router';
import { api, setCsrfToken, unwrap } from '../api/client';

export interface Session {
  userId: number;
}

export const sessionQuery = {
  queryKey: ['session'] as const,
  queryFn: async (): Promise<Session | null> => {
    const { data } = unwrap(await api.GET('/session'));
    setCsrfToken(data.csrf_token ?? undefined);
    return data.user_id === null ? null : { userId: data.user_id };
  },
  staleTime: Number.POSITIVE_INFINITY,
};

/** For a member page's `beforeLoad`: the session, or off to sign in (and back afterwards). */
export async function requireSession(queryClient: QueryClient, href: string): Promise<Session> {
  const session = await queryClient.ensureQueryData(sessionQuery);
  if (!session) throw redirect({ to: '/app/sign-in', search: { redirect: href } });
  return session;
}

export async function signIn(queryClient: QueryClient, email: string, password: string): Promise<void> {
  const { data } = unwrap(await api.POST('/session', { body: { email, password } }));
  setCsrfToken(data.csrf_token);
  queryClient.removeQueries();
}

/** Revokes the session; the caller leaves the member pages, then calls `forgetMemberData`. */
export async function signOut(queryClient: QueryClient): Promise<void> {
  unwrap(await api.DELETE('/session'));
  setCsrfToken(undefined);
  queryClient.setQueryData(sessionQuery.queryKey, null);
}

/** Drops what the signed-out member's pages had loaded (once they are no longer mounted). */
export function forgetMemberData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionQuery.queryKey[0] });
}

const LAST_ORG = 'flowlane.organization';

/** The organization the member worked in last, to open it again. */
export function rememberOrganization(org: string): void {
  try {
    localStorage.setItem(LAST_ORG, org);
  } catch {
    // Private windows may refuse storage; the first organization is used instead.
  }
}

export function lastOrganization(): string | null {
  try {
    return localStorage.getItem(LAST_ORG);
  } catch {
    return null;
  }
}
