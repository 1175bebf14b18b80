// Routes (history mode: the server answers extension-less paths with index.html). Every page
// is loaded lazily so that the first download stays small. Pages that need a signed-in user
// send anyone else to /login?redirect=<where they were>.
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router';
import { i18n } from '@/i18n';
import { session, loadSession } from '@/stores/session';
import { canAdministerMunicipality, isAdmin } from '@/lib/adminScopes';
import { isEmsUser } from '@/lib/emergency/roles';
import { isWatchOffice } from '@/components/watch/roles';

declare module 'vue-router' {
  interface RouteMeta {
    /** Anyone may open the page (sign-in, invitation, password reset). */
    public?: boolean;
    /** Only for staff accounts (the directory). */
    staff?: boolean;
    /** Only for family accounts (the family's pages); staff read the person's own page. */
    family?: boolean;
    /** Only for admins of some scope; the server checks the exact scope anyway. */
    admin?: boolean;
    /** Only for EMS crews (an `ems` membership); the server checks every request anyway. */
    ems?: boolean;
    /** Only for watch operators and municipality admins; the server checks every request anyway. */
    watch?: boolean;
    /** i18n key of the page title (document.title). */
    title: string;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/pages/LoginPage.vue'), meta: { public: true, title: 'login.title' } },
  { path: '/invite', name: 'invite', component: () => import('@/pages/InvitePage.vue'), meta: { public: true, title: 'invite.title' } },
  {
    path: '/reset-password',
    name: 'reset-password',
    component: () => import('@/pages/ResetPasswordPage.vue'),
    meta: { public: true, title: 'reset.title' },
  },
  { path: '/', name: 'home', component: () => import('@/pages/HomePage.vue'), meta: { title: 'home.title' } },
  { path: '/account', name: 'account', component: () => import('@/pages/account/AccountPage.vue'), meta: { title: 'account.title' } },
  {
    path: '/account/notifications',
    name: 'account-notifications',
    component: () => import('@/pages/account/NotificationSettingsPage.vue'),
    meta: { title: 'notificationSettings.title' },
  },
  { path: '/directory', redirect: { name: 'directory-users' } },
  {
    path: '/directory/users',
    name: 'directory-users',
    component: () => import('@/pages/directory/UserSearchPage.vue'),
    meta: { staff: true, title: 'directory.usersTitle' },
  },
  {
    path: '/directory/users/:id',
    name: 'user',
    component: () => import('@/pages/directory/UserProfilePage.vue'),
    props: true,
    meta: { staff: true, title: 'profile.title' },
  },
  {
    path: '/directory/organizations',
    name: 'directory-organizations',
    component: () => import('@/pages/directory/OrganizationSearchPage.vue'),
    meta: { staff: true, title: 'directory.organizationsTitle' },
  },
  {
    path: '/directory/organizations/:id',
    name: 'organization',
    component: () => import('@/pages/directory/OrganizationPage.vue'),
    props: true,
    meta: { staff: true, title: 'organization.title' },
  },
  { path: '/persons', name: 'persons', component: () => import('@/pages/care/PersonListPage.vue'), meta: { staff: true, title: 'care.list.title' } },
  { path: '/persons/new', name: 'person-new', component: () => import('@/pages/care/PersonRegisterPage.vue'), meta: { staff: true, title: 'care.register.title' } },
  {
    path: '/persons/:id/print',
    name: 'person-print',
    component: () => import('@/pages/care/PersonPrintPage.vue'),
    props: true,
    meta: { staff: true, title: 'care.print.title' },
  },
  {
    path: '/persons/:id/emergency/print',
    name: 'person-emergency-print',
    component: () => import('@/pages/emergency/EmergencyPrintPage.vue'),
    props: true,
    meta: { staff: true, title: 'emergency.print.title' },
  },
  {
    path: '/persons/:id/emergency/card',
    name: 'person-emergency-card',
    component: () => import('@/pages/emergency/EmergencyCardPrintPage.vue'),
    props: true,
    meta: { staff: true, title: 'emergency.cardPrint.title' },
  },
  {
    path: '/persons/:id',
    component: () => import('@/pages/care/PersonPage.vue'),
    props: true,
    meta: { staff: true, title: 'care.person.title' },
    children: [
      { path: '', name: 'person-timeline', component: () => import('@/components/care/TimelineTab.vue'), meta: { staff: true, title: 'care.tabs.timeline' } },
      { path: 'timeline', redirect: (to) => ({ name: 'person-timeline', params: to.params, query: to.query }) },
      { path: 'timeline/:postId', name: 'person-post', component: () => import('@/components/care/PostDetail.vue'), props: true, meta: { staff: true, title: 'care.tabs.timeline' } },
      { path: 'profile', name: 'person-profile', component: () => import('@/components/care/ProfileTab.vue'), meta: { staff: true, title: 'care.tabs.profile' } },
      { path: 'team', name: 'person-team', component: () => import('@/components/care/TeamTab.vue'), meta: { staff: true, title: 'care.tabs.team' } },
      { path: 'consents', name: 'person-consents', component: () => import('@/components/care/ConsentsTab.vue'), meta: { staff: true, title: 'care.tabs.consents' } },
      { path: 'status', name: 'person-status', component: () => import('@/components/care/StatusTab.vue'), meta: { staff: true, title: 'care.tabs.status' } },
      { path: 'vitals', name: 'person-vitals', component: () => import('@/components/care/VitalsTab.vue'), meta: { staff: true, title: 'care.tabs.vitals' } },
      { path: 'emergency', name: 'person-emergency', component: () => import('@/components/emergency/EmergencyTab.vue'), meta: { staff: true, title: 'emergency.tab.title' } },
      { path: 'watch', name: 'person-watch', component: () => import('@/components/watch/WatchTab.vue'), meta: { staff: true, title: 'watch.person.title' } },
    ],
  },
  // Emergency (救急連携): EMS crews, the card's landing page (sign-in first, then back here),
  // hospital hand-overs, and the one-time link for hospitals without accounts (no sign-in).
  { path: '/ems', name: 'ems', component: () => import('@/pages/emergency/EmsHomePage.vue'), meta: { staff: true, ems: true, title: 'emergency.ems.title' } },
  {
    path: '/ems/accesses/:id',
    name: 'ems-access',
    component: () => import('@/pages/emergency/EmsAccessPage.vue'),
    props: true,
    meta: { staff: true, ems: true, title: 'emergency.access.title' },
  },
  { path: '/e/:token', name: 'ems-card', component: () => import('@/pages/emergency/EmsCardPage.vue'), props: true, meta: { title: 'emergency.cardLanding.title' } },
  { path: '/handovers', name: 'handovers', component: () => import('@/pages/emergency/HandoverListPage.vue'), meta: { staff: true, title: 'emergency.handover.listTitle' } },
  {
    path: '/handovers/:id',
    name: 'handover',
    component: () => import('@/pages/emergency/HandoverPage.vue'),
    props: true,
    meta: { staff: true, title: 'emergency.handover.title' },
  },
  {
    path: '/h/:token',
    name: 'handover-link',
    component: () => import('@/pages/emergency/HandoverLinkPage.vue'),
    props: true,
    meta: { public: true, title: 'emergency.link.title' },
  },
  // Watch (みまもり): the status list, the alert queue and the region's thresholds for operators
  // and municipality admins; an alert and a person's watch for anyone the server lets in (care
  // teams follow notification links to alerts).
  { path: '/watch', name: 'watch', component: () => import('@/pages/watch/WatchStatusPage.vue'), meta: { staff: true, watch: true, title: 'watch.board.title' } },
  { path: '/watch/alerts', name: 'watch-alerts', component: () => import('@/pages/watch/WatchAlertsPage.vue'), meta: { staff: true, watch: true, title: 'watch.queue.title' } },
  {
    path: '/watch/alerts/:id',
    name: 'watch-alert',
    component: () => import('@/pages/watch/WatchAlertPage.vue'),
    props: true,
    meta: { staff: true, title: 'watch.alert.title' },
  },
  {
    path: '/watch/persons/:id',
    name: 'watch-person',
    component: () => import('@/pages/watch/WatchPersonPage.vue'),
    props: true,
    meta: { staff: true, title: 'watch.person.title' },
  },
  { path: '/watch/settings', name: 'watch-settings', component: () => import('@/pages/watch/WatchSettingsPage.vue'), meta: { staff: true, watch: true, title: 'watch.settings.title' } },
  // A person's analytics (care team and the municipality; the server checks) and the region view.
  {
    path: '/watch/persons/:id/analytics',
    name: 'watch-analytics',
    component: () => import('@/pages/watch/WatchAnalyticsPage.vue'),
    props: true,
    meta: { staff: true, title: 'watch.analytics.title' },
  },
  { path: '/watch/region', name: 'watch-region', component: () => import('@/pages/watch/WatchRegionPage.vue'), meta: { staff: true, watch: true, title: 'watch.region.title' } },
  // The family's pages (family accounts only): the persons the account is linked to, and one
  // person's emergency summary with the kit and key persons the family keeps current.
  { path: '/family', name: 'family', component: () => import('@/pages/family/FamilyHomePage.vue'), meta: { family: true, title: 'family.home.title' } },
  {
    path: '/family/persons/:id',
    name: 'family-person',
    component: () => import('@/pages/family/FamilyPersonPage.vue'),
    props: true,
    meta: { family: true, title: 'family.person.title' },
  },
  { path: '/care/invitations', name: 'care-invitations', component: () => import('@/pages/care/CareInvitationsPage.vue'), meta: { staff: true, title: 'care.invitations.title' } },
  { path: '/admin', name: 'admin', component: () => import('@/pages/admin/AdminHomePage.vue'), meta: { admin: true, title: 'admin.title' } },
  {
    path: '/admin/organizations/:id',
    component: () => import('@/pages/admin/OrganizationAdminPage.vue'),
    props: true,
    meta: { admin: true, title: 'admin.org.title' },
    children: [
      { path: '', name: 'admin-org', redirect: (to) => ({ name: 'admin-org-staff', params: to.params }) },
      { path: 'staff', name: 'admin-org-staff', component: () => import('@/components/admin/StaffAdminList.vue'), props: true, meta: { admin: true, title: 'admin.org.staff' } },
      { path: 'invitations', name: 'admin-org-invitations', component: () => import('@/components/admin/InvitationsPanel.vue'), props: true, meta: { admin: true, title: 'admin.org.invitations' } },
      { path: 'import', name: 'admin-org-import', component: () => import('@/components/admin/UserImport.vue'), props: true, meta: { admin: true, title: 'admin.org.import' } },
      { path: 'audit', name: 'admin-org-audit', component: () => import('@/components/admin/OrganizationAudit.vue'), props: true, meta: { admin: true, title: 'audit.title' } },
    ],
  },
  {
    path: '/admin/municipalities/:code',
    component: () => import('@/pages/admin/MunicipalityAdminPage.vue'),
    props: true,
    meta: { admin: true, title: 'admin.muni.title' },
    children: [
      { path: '', name: 'admin-muni', redirect: (to) => ({ name: 'admin-muni-organizations', params: to.params }) },
      { path: 'organizations', name: 'admin-muni-organizations', component: () => import('@/components/admin/MunicipalityOrganizations.vue'), props: true, meta: { admin: true, title: 'admin.muni.organizations' } },
      { path: 'new-organization', name: 'admin-muni-create', component: () => import('@/components/admin/CreateOrganizationForm.vue'), props: true, meta: { admin: true, title: 'admin.muni.create' } },
      { path: 'import', name: 'admin-muni-import', component: () => import('@/components/admin/OrganizationImport.vue'), props: true, meta: { admin: true, title: 'admin.muni.import' } },
      { path: 'audit', name: 'admin-muni-audit', component: () => import('@/components/admin/MunicipalityAudit.vue'), props: true, meta: { admin: true, title: 'audit.title' } },
    ],
  },
  { path: '/admin/audit', name: 'admin-audit', component: () => import('@/pages/admin/SystemAuditPage.vue'), meta: { admin: true, title: 'audit.title' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue'), meta: { public: true, title: 'notFound.title' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior(to, _from, saved) {
    if (saved) return saved;
    if (to.hash && to.hash !== '#main' && !to.hash.startsWith('#token=')) return { el: to.hash };
    return { top: 0 };
  },
});

function toLogin(to: RouteLocationNormalized) {
  return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  let info;
  try {
    info = await loadSession();
  } catch {
    // The server did not answer: let the page show its own error rather than loop.
    return true;
  }
  if (!info || info.stage !== 'full') return toLogin(to);
  const familyAccount = info.user.account_type === 'family';
  // A family account has nothing on the staff home (feed of team notices, module tiles): its
  // landing is the family page.
  if (familyAccount && to.name === 'home') return { name: 'family' };
  if (to.meta.staff && info.user.account_type !== 'staff') return { name: familyAccount ? 'family' : 'home' };
  if (to.meta.family && !familyAccount) return { name: 'home' };
  if (to.meta.admin && !isAdmin(session.scopes.value)) return { name: 'home' };
  if (to.meta.ems && !isEmsUser(info)) return { name: 'home' };
  if (to.meta.watch && !isWatchOffice(info)) return { name: 'home' };
  if (to.name === 'admin-audit' && !session.scopes.value.system) return { name: 'admin' };
  const code = to.params.code;
  if (typeof code === 'string' && to.path.startsWith('/admin/municipalities/') && !canAdministerMunicipality(session.scopes.value, code)) {
    return { name: 'admin' };
  }
  return true;
});

// A page may name itself (an organization's name) instead of its route's generic title.
let titleOverride: string | null = null;

/** Sets document.title from the page's own name or its route's title, in the current language. */
export function updateTitle(pageName?: string | null): void {
  if (pageName !== undefined) titleOverride = pageName;
  const key = router.currentRoute.value.meta.title ?? 'app.name';
  const title = titleOverride ?? i18n.global.t(key);
  document.title = `${title} | ${i18n.global.t('app.name')}`;
}

let firstNavigation = true;
router.afterEach((to, from) => {
  titleOverride = null;
  updateTitle();
  // After an in-app navigation, move focus to the main region so that keyboard and screen
  // reader users start at the new content (the first load keeps the browser's default).
  const samePage = from.matched[0] !== undefined && from.matched[0] === to.matched[0];
  if (!firstNavigation && !samePage) {
    requestAnimationFrame(() => {
      const main = document.getElementById('main');
      const heading = main?.querySelector<HTMLElement>('h1');
      if (heading) {
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
      } else {
        main?.focus({ preventScroll: true });
      }
    });
  }
  firstNavigation = false;
});
