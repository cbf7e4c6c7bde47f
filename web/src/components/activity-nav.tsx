import { isAdminRole, useMyMembership } from '../lib/my-role';
import { NavLinkLink } from './links';

/** The Activity link for every member and, for administrators, Webhooks. */
export function ActivityNav({
  org,
  pathname,
  onNavigate,
}: {
  org: string;
  pathname: string;
  onNavigate: () => void;
}) {
  const me = useMyMembership(org);
  const links = [
    { to: '/app/$org/activity' as const, label: 'Activity' },
    ...(isAdminRole(me.data?.role) ? [{ to: '/app/$org/webhooks' as const, label: 'Webhooks' }] : []),
  ];
  return links.map((item) => (
    <NavLinkLink
      key={item.to}
      to={item.to}
      params={{ org }}
      label={item.label}
      onClick={onNavigate}
      active={pathname.startsWith(item.to.replace('$org', org))}
    />
  ));
}
