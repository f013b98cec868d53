import t from 'tap';
import { freeTextSchema, holdsPersonalNumber } from '../../../src/domain/inspection/free-text.ts';

t.test('identity, account and mobile numbers in free text are refused; public codes pass', async (t) => {
  const refused = [
    '学员 360426199101010071 未到课',
    '学员11010519491231002X代签',
    '旧证号 110105491231002 重复',
    '补贴打入 6222021234567890123 账户',
    '联系人 13800138000',
    '电话:+8613800138000',
  ];
  for (const text of refused) t.ok(holdsPersonalNumber(text), `refused: ${text.replace(/\d/g, '#')}`);
  const allowed = [
    '机构 91350100M000100Y43 虚报人数 12 人',
    '依据 赣人社发〔2019〕3号',
    '涉及金额 1500000 分',
    '2026-02-14 抽查',
    '课时 120 学时, 实到 96',
  ];
  for (const text of allowed) t.notOk(holdsPersonalNumber(text), `allowed: ${text}`);
});

t.test('the schema names the problem without repeating the text', async (t) => {
  const r = freeTextSchema(100).safeParse('学员 360426199101010071');
  t.notOk(r.success);
  if (!r.success) t.notMatch(r.error.message, /360426/);
  t.notOk(freeTextSchema(5).safeParse('   ').success, 'blank is refused');
  t.notOk(freeTextSchema(5).safeParse('123456').success, 'too long is refused');
  t.equal(freeTextSchema(10).parse('  说明  '), '说明', 'trimmed');
});
