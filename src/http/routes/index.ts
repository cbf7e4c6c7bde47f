/** Every resource's routes. A new resource adds its module here. */
import type { RouteModule } from '../types.js';
import { accountRoutes } from './account.routes.js';
import { activityFeedRoutes } from './activity-feed.routes.js';
import { apiTokenRoutes } from './api-tokens.routes.js';
import { completedTaskRoutes } from './completed-tasks.routes.js';
import { countryRoutes } from './countries.routes.js';
import { favoriteRoutes } from './favorites.routes.js';
import { fileRoutes } from './files.routes.js';
import { guestFileRoutes } from './files-guest.routes.js';
import { folderRoutes } from './folders.routes.js';
import { formFieldRoutes } from './form-fields.routes.js';
import { groupRoutes } from './groups.routes.js';
import { guestPortalRoutes } from './guest-portal.routes.js';
import { guestRunRoutes } from './guest-runs.routes.js';
import { guestTaskRoutes } from './guest-tasks.routes.js';
import { guestThreadRoutes } from './guest-threads.routes.js';
import { guestRoutes } from './guests.routes.js';
import { healthRoutes } from './health.routes.js';
import { imageRoutes } from './images.routes.js';
import { instanceRoutes } from './instance.routes.js';
import { invitationRoutes } from './invitations.routes.js';
import { jobTitleRoutes } from './job-titles.routes.js';
import { launchPreviewRoutes } from './launch-preview.routes.js';
import { meRoutes } from './me.routes.js';
import { memberSettingsRoutes } from './member-settings.routes.js';
import { memberRoutes } from './members.routes.js';
import { memberAdminRoutes } from './members-admin.routes.js';
import { notificationRoutes } from './notifications.routes.js';
import { oauthRoutes } from './oauth.routes.js';
import { oneOffTaskRoutes } from './one-off-tasks.routes.js';
import { organizationSettingsRoutes } from './organization-settings.routes.js';
import { organizationRoutes } from './organizations.routes.js';
import { permissionRoutes } from './permissions.routes.js';
import { pickerRoutes } from './pickers.routes.js';
import { ruleRoutes } from './rules.routes.js';
import { runLifecycleRoutes } from './run-lifecycle.routes.js';
import { runRoutes } from './runs.routes.js';
import { searchRoutes } from './search.routes.js';
import { securityEventRoutes } from './security-events.routes.js';
import { sessionRoutes } from './session.routes.js';
import { snippetRoutes } from './snippets.routes.js';
import { stageRoutes } from './stages.routes.js';
import { stepRoutes } from './steps.routes.js';
import { tagRoutes } from './tags.routes.js';
import { taskRoutes } from './tasks.routes.js';
import { templateHousekeepingRoutes } from './template-housekeeping.routes.js';
import { templateTransferRoutes } from './template-transfer.routes.js';
import { templateRoutes } from './templates.routes.js';
import { threadRoutes } from './threads.routes.js';
import { watcherRoutes } from './watchers.routes.js';
import { webhookRoutes } from './webhooks.routes.js';

export const routeModules: RouteModule[] = [
  healthRoutes,
  oauthRoutes,
  sessionRoutes,
  meRoutes,
  accountRoutes,
  apiTokenRoutes,
  organizationRoutes,
  organizationSettingsRoutes,
  instanceRoutes,
  memberAdminRoutes,
  memberRoutes,
  invitationRoutes,
  securityEventRoutes,
  guestRoutes,
  guestPortalRoutes,
  groupRoutes,
  jobTitleRoutes,
  snippetRoutes,
  countryRoutes,
  templateRoutes,
  permissionRoutes,
  templateTransferRoutes,
  templateHousekeepingRoutes,
  launchPreviewRoutes,
  stepRoutes,
  stageRoutes,
  pickerRoutes,
  formFieldRoutes,
  ruleRoutes,
  webhookRoutes,
  watcherRoutes,
  notificationRoutes,
  runRoutes,
  taskRoutes,
  completedTaskRoutes,
  threadRoutes,
  oneOffTaskRoutes,
  runLifecycleRoutes,
  fileRoutes,
  imageRoutes,
  guestFileRoutes,
  guestTaskRoutes,
  guestRunRoutes,
  guestThreadRoutes,
  tagRoutes,
  folderRoutes,
  favoriteRoutes,
  memberSettingsRoutes,
  searchRoutes,
  activityFeedRoutes,
];
