/** The console's words in zh-CN (default) and English; the choice is kept in localStorage (it is not a secret). */

const ZH = {
  title: '台账 · 培训补贴资金审计台账',
  signIn: '登录',
  signOut: '退出',
  token: '访问令牌',
  tokenHelp: '令牌只保存在本标签页的会话存储中，关闭标签页即清除。',
  signedInAs: '当前用户',
  region: '地区',
  allRegions: '全省',
  loading: '加载中…',
  error: '出错了',
  nothing: '没有记录',
  more: '下一页',
  search: '查询',
  trace: '资金追溯',
  funds: '资金',
  ledger: '问题台账',
  rectification: '整改跟踪',
  draws: '双随机抽查',
  publicDraw: '公开抽查核验',
  integrity: '完整性',
  byApplication: '按申请编号',
  byInstitution: '按机构',
  byTrainee: '按学员（假名编号）',
  byIdNumber: '按身份证号（仅用于查假名）',
  actor: '操作人',
  time: '时间',
  amount: '金额',
  proof: '包含证明',
  step: '环节',
  balances: '资金余额',
  chart: '各月承诺、拨付与追回',
  recovered: '已追回',
  bounced: '退票',
  allYears: '全部年度',
  plans: '抽查计划',
  planStatus: '进度',
  planTitle: '计划名称',
  stageDrafted: '草拟',
  stageCommitted: '已承诺随机源',
  stageEntered: '已录入随机值',
  stageDrawn: '已抽取',
  stageDrawFailed: '抽取失败',
  committed: '已承诺',
  paid: '已拨付',
  available: '可用',
  allocated: '已下达',
  year: '年度',
  status: '状态',
  category: '类别',
  asOf: '截至',
  overdue: '已逾期',
  dueSoon: '即将到期',
  allDue: '全部期限',
  exportXlsx: '导出 xlsx',
  exportCsv: '导出 CSV',
  history: '处理经过',
  planId: '抽查计划编号',
  open: '打开',
  randomness: '承诺的随机源',
  result: '抽取结果',
  verifyInBrowser: '在浏览器中重新抽取并核对',
  matches: '一致：记录与重新抽取的结果相符',
  doesNotMatch: '不一致：记录与重新抽取的结果不符（does not match）',
  pasteRecord: '或粘贴一份抽查记录（JSON）核对',
  verifyThis: '核对',
  checkpoint: '最新签名检查点',
  verifierKey: '验证公钥',
  eventId: '事件编号',
  verifyEvent: '核验此事件',
  inclusionOk: '已核验：该事件包含在签名检查点所承诺的日志中',
  inclusionBad: '核验失败',
  origin: '日志',
  treeSize: '树大小',
  root: '根哈希',
  signature: '签名',
  leafNote: '叶哈希由服务器给出；要确认它就是该事件本身的哈希 SHA-256(0x00‖JCS(事件))，请用导出包与 taizhang verify 离线核对。验证公钥应与另行公布的公钥比对。',
  subjects: '抽中对象',
  teams: '检查组',
} as const;

export type Key = keyof typeof ZH;

const EN: Record<Key, string> = {
  title: 'taizhang · training-subsidy audit ledger',
  signIn: 'Sign in',
  signOut: 'Sign out',
  token: 'Access token',
  tokenHelp: 'The token is kept in this tab’s session storage only and is gone when the tab closes.',
  signedInAs: 'Signed in as',
  region: 'Region',
  allRegions: 'whole province',
  loading: 'Loading…',
  error: 'Something went wrong',
  nothing: 'Nothing here',
  more: 'Next page',
  search: 'Search',
  trace: 'Payment trace',
  funds: 'Funds',
  ledger: 'Problem ledger',
  rectification: 'Rectification',
  draws: 'Draws',
  publicDraw: 'Check a public draw',
  integrity: 'Integrity',
  byApplication: 'by application number',
  byInstitution: 'by institution',
  byTrainee: 'by trainee (pseudonym)',
  byIdNumber: 'by ID number (pseudonym look-up)',
  actor: 'Actor',
  time: 'Time',
  amount: 'Amount',
  proof: 'Inclusion proof',
  step: 'Step',
  balances: 'Balances',
  chart: 'Committed, paid and recovered per month',
  recovered: 'Recovered',
  bounced: 'Bounced',
  allYears: 'All years',
  plans: 'Inspection plans',
  planStatus: 'Stage',
  planTitle: 'Title',
  stageDrafted: 'Draft',
  stageCommitted: 'Randomness committed',
  stageEntered: 'Value entered',
  stageDrawn: 'Drawn',
  stageDrawFailed: 'Draw failed',
  committed: 'Committed',
  paid: 'Paid',
  available: 'Available',
  allocated: 'Allocated',
  year: 'Year',
  status: 'Status',
  category: 'Category',
  asOf: 'As of',
  overdue: 'Overdue',
  dueSoon: 'Due soon',
  allDue: 'Any deadline',
  exportXlsx: 'Export xlsx',
  exportCsv: 'Export CSV',
  history: 'History',
  planId: 'Plan id',
  open: 'Open',
  randomness: 'Committed randomness',
  result: 'Result',
  verifyInBrowser: 'Re-run the draw in this browser and compare',
  matches: 'Matches: the record agrees with the draw re-run here',
  doesNotMatch: 'Does not match: the record disagrees with the draw re-run here',
  pasteRecord: 'or paste a draw record (JSON) to check',
  verifyThis: 'Check',
  checkpoint: 'Latest signed checkpoint',
  verifierKey: 'Verifier key',
  eventId: 'Event id',
  verifyEvent: 'Verify this event',
  inclusionOk: 'Verified: the event is in the log the signed checkpoint commits to',
  inclusionBad: 'Verification failed',
  origin: 'Log',
  treeSize: 'Tree size',
  root: 'Root hash',
  signature: 'Signature',
  leafNote: 'The leaf hash comes from the server; to confirm it is the hash of the event itself, SHA-256(0x00 ‖ JCS(event)), check an export bundle offline with taizhang verify. Compare the verifier key with the one published elsewhere.',
  subjects: 'Subjects drawn',
  teams: 'Teams',
};

export type Lang = 'zh' | 'en';
const LANG_KEY = 'taizhang.lang';

let lang: Lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';

export function currentLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  localStorage.setItem(LANG_KEY, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}

export function t(key: Key): string {
  return lang === 'zh' ? ZH[key] : EN[key];
}

/** Integer fen as yuan with two decimals, grouped: 123456 → ¥1,234.56. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** Today's date in Asia/Shanghai (business dates are Shanghai dates), YYYY-MM-DD. */
export function todayInShanghai(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
