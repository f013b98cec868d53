import t from 'tap';
import fc from 'fast-check';
import { maskAccount, maskName, maskPhone, maskResidentId } from '../../src/domain/masking.ts';

t.test('resident ID: first 4 and last 4', async (t) => {
  t.equal(maskResidentId('360426199101010071'), '3604**********0071');
  t.equal(maskResidentId('11010519491231002x'), '1101**********002X', 'normalised before masking');
  t.equal(maskResidentId('12345678'), '********', 'too short to keep anything');
  t.equal(maskResidentId(''), '');
});

t.test('account: four stars and the last 4, whatever the length', async (t) => {
  t.equal(maskAccount('6222021234561234'), '****1234');
  t.equal(maskAccount('6222 0212 3456 7890 123'), '****0123', 'grouping spaces dropped; length not revealed');
  t.equal(maskAccount('1234-5678-9012'), '****9012');
  t.equal(maskAccount('12345678'), '****', 'short values fully masked');
});

t.test('name: surname kept, given name starred', async (t) => {
  t.equal(maskName('张三'), '张*');
  t.equal(maskName('李小明'), '李**');
  t.equal(maskName('欧阳娜娜'), '欧阳**');
  t.equal(maskName('阿依古丽·买买提'), '阿依**·***');
  t.equal(maskName('王'), '*', 'a one-character name is hidden entirely');
  t.equal(maskName('𠮷田'), '𠮷*', 'a character outside the BMP counts as one');
});

t.test('phone: mobile keeps 3 + 4, others the last 4', async (t) => {
  t.equal(maskPhone('13812345678'), '138****5678');
  t.equal(maskPhone('+86 138-1234-5678'), '138****5678');
  t.equal(maskPhone('(0791) 8888-1234'), '****1234');
  t.equal(maskPhone('12345'), '****');
});

t.test('property: a masked ID never reveals its middle ten characters', async () => {
  const id = fc.array(fc.constantFrom(...'0123456789'), { minLength: 18, maxLength: 18 }).map((a) => a.join(''));
  fc.assert(
    fc.property(id, (v) => {
      const m = maskResidentId(v);
      return m.length === 18 && m.slice(4, 14) === '**********' && m.slice(0, 4) === v.slice(0, 4) && m.slice(14) === v.slice(14);
    }),
  );
});

t.test('property: a masked account shows at most its last 4 digits', async () => {
  const account = fc.array(fc.constantFrom(...'0123456789'), { minLength: 9, maxLength: 30 }).map((a) => a.join(''));
  fc.assert(fc.property(account, (a) => maskAccount(a) === `****${a.slice(-4)}`));
});

// The trainee aggregate accepts a name only if masking it again changes nothing
// (src/domain/trainee/masked-forms.ts), so the masks must be idempotent.
t.test('property: masking a masked value changes nothing', async () => {
  const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c));
  const name = fc.array(han, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
  fc.assert(fc.property(name, (n) => maskName(maskName(n)) === maskName(n)));
  const digits = fc.array(fc.constantFrom(...'0123456789'), { minLength: 9, maxLength: 30 }).map((a) => a.join(''));
  const idempotent = (mask: (v: string) => string) => (v: string) => mask(mask(v)) === mask(v);
  fc.assert(fc.property(digits, idempotent(maskResidentId)));
  fc.assert(fc.property(fc.string({ maxLength: 30 }), idempotent(maskAccount)));
  fc.assert(fc.property(fc.oneof(digits, fc.string({ maxLength: 20 })), idempotent(maskPhone)));
});
