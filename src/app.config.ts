// Tab pages live in the main package; every other page in a subpackage per area (STYLE.md).
const tabs = [
  { pagePath: 'pages/home/index', text: '首页', icon: 'home' },
  { pagePath: 'pages/services/index', text: '服务', icon: 'service' },
  { pagePath: 'pages/inbox/index', text: '消息', icon: 'inbox' },
  { pagePath: 'pages/me/index', text: '我的', icon: 'me' },
  // Listed for everyone (switchTab needs it) but drawn by the custom tab bar only for staff.
  { pagePath: 'pages/staff/index', text: '管家', icon: 'staff' },
];

const subPackages = [
  { root: 'packages/account', pages: ['bind/index', 'profile/index', 'privacy/index', 'commitments/index'] },
  // Owner and staff ticket pages in one subpackage: they share the photo picker, the timeline and
  // the cards, which would otherwise be pulled into the main package as common code.
  { root: 'packages/ticket', pages: ['report/index', 'mine/index', 'detail/index', 'queue/index', 'record/index', 'settings/index'] },
  // Paid special services and free 亲情服务: catalogue, booking, orders and the staff queue.
  { root: 'packages/order', pages: ['catalogue/index', 'book/index', 'mine/index', 'detail/index', 'queue/index'] },
  { root: 'packages/report', pages: ['monthly/index'] },
  // Owner and staff question pages share the thread's parts (SPEC §6).
  { root: 'packages/question', pages: ['ask/index', 'mine/index', 'thread/index', 'queue/index', 'faq/index'] },
  { root: 'packages/greetings', pages: ['lead/index'] },
  // Owner, steward and guard pass pages share the pass's parts and the QR drawing (SPEC §5).
  { root: 'packages/pass', pages: ['apply/index', 'mine/index', 'detail/index', 'queue/index', 'log/index', 'gate/index'] },
  // Owner, steward and guard decoration pages (SPEC §12).
  { root: 'packages/decoration', pages: ['apply/index', 'mine/index', 'detail/index', 'queue/index', 'gate/index'] },
  { root: 'packages/patrol', pages: ['area/index', 'duty/index', 'lead/index'] },
  // Front desk (SPEC §14): owner visitor invitations and entrusted keys, the guard's visitor gate and walk-ins, the key register.
  // (kept on one line: the entry test reads a subpackage's root and pages from one line)
  // prettier-ignore
  { root: 'packages/frontdesk', pages: ['invite/index', 'visitors/index', 'visit/index', 'keys/index', 'gate/index', 'walkin/index', 'keyring/index', 'lend/index', 'loans/index', 'stocktake/index'] },
  // Setting up a community (SPEC §11): 社区设置, 入伙登记, the owner's 入伙记录, the invitation's landing page.
  { root: 'packages/admin', pages: ['settings/index', 'movein/index', 'mine/index', 'accept/index'] },
  // Notices, events, the satisfaction survey and household visits (SPEC §15).
  // One line per subpackage, as test/unit/entries.test.ts reads it.
  // prettier-ignore
  { root: 'packages/community', pages: ['notices/index', 'notice/index', 'draft/index', 'events/index', 'event/index', 'plan/index', 'survey/index', 'results/index', 'followups/index', 'visits/index'] },
];
// The local "sign in as" picker exists only in the h5 build, which runs against the local cloud.
if (process.env.TARO_ENV === 'h5') subPackages.push({ root: 'packages/dev', pages: ['identity/index'] });

export default defineAppConfig({
  pages: tabs.map((tab) => tab.pagePath),
  subPackages,
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '管家',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
    // The weapp's default; in h5 it turns on Taro's own title bar (title, back arrow or home).
    navigationStyle: 'default',
  },
  tabBar: {
    // The staff tab must be hidden from owners; the native tab bar cannot hide one item.
    custom: true,
    color: '#8a8f99',
    selectedColor: '#0e7c66',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: tabs.map((tab) => ({
      pagePath: tab.pagePath,
      text: tab.text,
      iconPath: `assets/tabbar/${tab.icon}.png`,
      selectedIconPath: `assets/tabbar/${tab.icon}-active.png`,
    })),
  },
  // SPEC §1: the privacy authorization is shown by our own page (onNeedPrivacyAuthorization).
  __usePrivacyCheck__: true,
  lazyCodeLoading: 'requiredComponents',
  // h5 only (WeChat does not know the key): Taro 4's router hides the previous page on a timer after
  // a push animation; going back within that window leaves every page hidden. Without the
  // animation the hide is immediate.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
});
