import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '../domain/identity/credit-code.ts';
import { residentIdCheckChar } from '../domain/identity/resident-id.ts';
import type { Rng } from './prng.ts';

/**
 * Synthetic identities: valid GB 32100 credit codes, valid GB 11643 resident ID numbers
 * (and, for the fake-trainee fraud, numbers whose check character is wrong), Chinese names
 * from common surnames and given-name characters, bank accounts. Nobody real: the order
 * codes are drawn at random, and the same seed draws the same people.
 */

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '罗', '宋', '谢', '邓', '熊', '彭', '曾', '万', '欧阳', '司马'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平', '刚', '桂', '英', '华', '文', '建', '国', '红', '玉', '兰', '春', '海', '燕', '鹏', '辉', '婷'];

export function chineseName(rng: Rng): string {
  const given = rng.chance(0.7) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

/** A unified social credit code of a private non-enterprise unit (52) in `area`. */
export function creditCode(rng: Rng, area: string): string {
  let org = '';
  for (let i = 0; i < 9; i++) org += CREDIT_CODE_ALPHABET[rng.int(0, i < 8 ? CREDIT_CODE_ALPHABET.length - 1 : 9)];
  const first17 = `52${area}${org}`;
  return first17 + creditCodeCheckChar(first17);
}

function birthDate(rng: Rng): string {
  const year = rng.int(1970, 2004);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  return `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

/** A valid resident ID number registered in county `area`; `sequence` keeps them distinct. */
export function residentId(rng: Rng, area: string, sequence: number): string {
  const first17 = `${area}${birthDate(rng)}${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** The same number with a wrong check character: what a made-up person looks like. */
export function withWrongCheckChar(idNumber: string): string {
  const right = idNumber.charAt(17);
  const wrong = right === '0' ? '1' : '0';
  return idNumber.slice(0, 17) + wrong;
}

export function bankAccount(rng: Rng): string {
  let digits = '6222';
  for (let i = 0; i < 15; i++) digits += String(rng.int(0, 9));
  return digits;
}
