import { nameKeys } from '../../domain/pinyin.ts';
import { stripDiacritics } from '../../domain/text.ts';
import type { Random } from './random.ts';

// Common surnames, and on purpose the ones whose surname reading differs (单 shan, 曾 zeng, 解 xie, 仇 qiu, 区 ou, 查 zha, 朴 piao, 覃 qin).
const CHINESE_SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '肖', '田', '董', '袁', '潘', '蒋', '蔡', '叶', '程',
  '苏', '魏', '吕', '丁', '沈', '姚', '卢', '崔', '钟', '谭', '陆', '汪', '范', '金', '廖', '夏', '方', '白', '孟', '秦',
  '单', '曾', '解', '仇', '区', '查', '朴', '覃', '单', '曾', '解', '欧阳', '司马', '上官',
] as const;
const CHINESE_GIVEN_MALE = ['伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '刚', '平', '鹏', '宇', '浩', '凯', '建华', '建国', '志强', '晓明', '俊杰', '一鸣', '思远', '文博', '天翼', '子豪', '国栋', '海峰'] as const;
const CHINESE_GIVEN_FEMALE = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '婷', '雪', '丹', '秀英', '桂英', '欣怡', '子涵', '梓萱', '佳琪', '雨桐', '晓燕', '慧敏', '美玲', '思琪', '嘉欣', '丽华'] as const;

const LATIN_GIVEN_MALE = ['James', 'Michael', 'David', 'Lukas', 'Thomas', 'Pierre', 'Marco', 'Ahmed', 'Carlos', 'Liam', 'Noah', 'Oliver', 'Jonas', 'Mateo', 'Søren', 'Raj'] as const;
const LATIN_GIVEN_FEMALE = ['Emily', 'Sarah', 'Anna', 'Sophie', 'Olivia', 'Emma', 'Laura', 'Marie', 'Chloé', 'Isabella', 'Hannah', 'Zoë', 'Priya', 'Ingrid', 'Lucía'] as const;
const LATIN_SURNAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Müller', 'Schmidt', 'Dubois', 'Martin', 'Rossi', 'García', 'López', "O'Brien",
  'Nguyen', 'Andersson', 'Kowalski', 'Novák', 'Fischer', 'Weber', 'Taylor', 'Wilson', 'Clarke', 'Bergström', 'Patel', 'Jensen',
] as const;

export interface DemoPerson {
  name: string;
  gender: 'male' | 'female';
  /** ASCII letters for e-mail addresses: zhangwei, emily.smith */
  handle: string;
}

export function chinesePerson(rng: Random): DemoPerson {
  const gender = rng.chance(0.5) ? 'male' : 'female';
  const name = rng.pick(CHINESE_SURNAMES) + rng.pick(gender === 'male' ? CHINESE_GIVEN_MALE : CHINESE_GIVEN_FEMALE);
  return { name, gender, handle: nameKeys(name, { isPerson: true }).pinyin };
}

const ascii = (s: string) => stripDiacritics(s).toLowerCase().replace(/[^a-z]/g, '');

export function latinPerson(rng: Random): DemoPerson {
  const gender = rng.chance(0.5) ? 'male' : 'female';
  const given = rng.pick(gender === 'male' ? LATIN_GIVEN_MALE : LATIN_GIVEN_FEMALE);
  const surname = rng.pick(LATIN_SURNAMES);
  return { name: `${given} ${surname}`, gender, handle: `${ascii(given)}.${ascii(surname)}` };
}

const CHINESE_BRANDS = [
  ['恒泰', 'hengtai'], ['华创', 'huachuang'], ['远航', 'yuanhang'], ['鼎盛', 'dingsheng'], ['嘉禾', 'jiahe'], ['博瑞', 'borui'],
  ['天成', 'tiancheng'], ['中联', 'zhonglian'], ['星辰', 'xingchen'], ['汇通', 'huitong'], ['润丰', 'runfeng'], ['金鹰', 'jinying'],
  ['云帆', 'yunfan'], ['卓越', 'zhuoyue'], ['新元', 'xinyuan'], ['宏达', 'hongda'], ['永信', 'yongxin'], ['东方', 'dongfang'],
  ['瑞丰', 'ruifeng'], ['光明', 'guangming'], ['长青', 'changqing'], ['万象', 'wanxiang'], ['盛世', 'shengshi'], ['亿达', 'yida'],
] as const;

const LATIN_BRANDS = ['Northwind', 'Bluewater', 'Summit', 'Evergreen', 'Ironbridge', 'Silverline', 'Redwood', 'Brightpath', 'Oakridge', 'Lakeside', 'Müller', 'Bergström', 'Dubois', 'Rossi', 'Keller', 'Harbor'] as const;
const LATIN_SUFFIXES = ['Ltd', 'Inc.', 'GmbH', 'LLC', 'SARL', 'B.V.', 'Pty Ltd', 'AB', 'S.r.l.'] as const;

export interface DemoCompanyName {
  name: string;
  /** the e-mail and web domain, under the reserved .example top-level domain */
  domain: string;
}

/** 杭州恒泰科技有限公司, with a domain such as hengtai-keji.example */
export function chineseCompanyName(rng: Random, city: string, word: { zh: string; slug: string }): DemoCompanyName {
  const [brand, slug] = rng.pick(CHINESE_BRANDS);
  return { name: `${city}${brand}${word.zh}有限公司`, domain: `${slug}-${word.slug}.example` };
}

export function latinCompanyName(rng: Random, word: string): DemoCompanyName {
  const brand = rng.pick(LATIN_BRANDS);
  return { name: `${brand} ${word} ${rng.pick(LATIN_SUFFIXES)}`, domain: `${ascii(brand)}-${ascii(word)}.example` };
}
