import type { Random } from './random.ts';

export interface DemoPlace {
  country: string;
  province: string;
  city: string;
  currency: string;
  isChinese: boolean;
  address(rng: Random): string;
  /** the company's switchboard, formatted as people there write it */
  landline(rng: Random): string;
  mobile(rng: Random): string;
}

const CN_MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '158', '159', '176', '177', '180', '181', '185', '186', '187', '188', '189', '199'] as const;

/** A Chinese mobile number in one of the shapes found in real spreadsheets. */
export function chineseMobile(rng: Random): string {
  const [a, b, c] = [rng.pick(CN_MOBILE_PREFIXES), rng.digits(4), rng.digits(4)];
  const shapes = [
    `${a} ${b} ${c}`,
    `${a}-${b}-${c}`,
    `${a}${b}${c}`,
    `+86 ${a} ${b} ${c}`,
    `+86${a}${b}${c}`,
    `(+86) ${a}-${b}-${c}`,
    `0086 ${a} ${b} ${c}`,
    `${a}${b}${c}`.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
  ];
  return rng.pick(shapes);
}

const CHINESE_ROADS = ['人民路', '建设路', '中山路', '解放路', '科技路', '创业大道', '滨江大道', '长江路'] as const;

const chinese = (city: string, province: string, areaCode: string): DemoPlace => ({
  country: 'CN',
  province,
  city,
  currency: 'CNY',
  isChinese: true,
  address: (rng) => `${rng.pick(CHINESE_ROADS)}${rng.int(1, 999)}号`,
  landline: (rng) => {
    const local = `${rng.int(2, 6)}${rng.digits(7)}`;
    const shapes = [`${areaCode}-${local.slice(0, 4)} ${local.slice(4)}`, `(${areaCode}) ${local}`, `${areaCode} ${local}`, `+86 ${areaCode.slice(1)} ${local}`];
    return rng.pick(shapes);
  },
  mobile: chineseMobile,
});

export const CHINESE_PLACES: readonly DemoPlace[] = [
  chinese('北京', '北京市', '010'),
  chinese('上海', '上海市', '021'),
  chinese('深圳', '广东省', '0755'),
  chinese('广州', '广东省', '020'),
  chinese('杭州', '浙江省', '0571'),
  chinese('南京', '江苏省', '025'),
  chinese('苏州', '江苏省', '0512'),
  chinese('成都', '四川省', '028'),
  chinese('武汉', '湖北省', '027'),
  chinese('西安', '陕西省', '029'),
  chinese('天津', '天津市', '022'),
  chinese('重庆', '重庆市', '023'),
  chinese('青岛', '山东省', '0532'),
  chinese('长沙', '湖南省', '0731'),
];

interface Abroad {
  country: string;
  city: string;
  province: string;
  currency: string;
  /** street names, and whether the house number comes after the street (Friedrichstraße 12) */
  streets: readonly string[];
  isNumberLast?: boolean;
  landline(rng: Random): string;
  mobile(rng: Random): string;
}

const abroad = ({ streets, isNumberLast, ...place }: Abroad): DemoPlace => ({
  ...place,
  isChinese: false,
  address: (rng) => {
    const [street, number] = [rng.pick(streets), rng.int(1, 240)];
    return isNumberLast ? `${street} ${number}` : `${number} ${street}`;
  },
});

export const FOREIGN_PLACES: readonly DemoPlace[] = [
  abroad({ country: 'US', city: 'San Francisco', province: 'California', currency: 'USD', streets: ['Market Street', 'Mission Street', 'Folsom Street'], landline: (r) => `+1 415-${r.int(200, 899)}-${r.digits(4)}`, mobile: (r) => `+1 (650) ${r.int(200, 899)}-${r.digits(4)}` }),
  abroad({ country: 'US', city: 'Austin', province: 'Texas', currency: 'USD', streets: ['Congress Avenue', 'Lamar Boulevard', 'South 1st Street'], landline: (r) => `+1 512 ${r.int(200, 899)} ${r.digits(4)}`, mobile: (r) => `+1 (737) ${r.int(200, 899)}-${r.digits(4)}` }),
  abroad({ country: 'GB', city: 'London', province: 'England', currency: 'GBP', streets: ['High Street', 'Baker Street', 'Old Street'], landline: (r) => `+44 20 7${r.digits(3)} ${r.digits(4)}`, mobile: (r) => `+44 7400 ${r.digits(6)}` }),
  abroad({ country: 'DE', city: 'Berlin', province: 'Berlin', currency: 'EUR', streets: ['Friedrichstraße', 'Torstraße', 'Kantstraße'], isNumberLast: true, landline: (r) => `+49 30 ${r.int(2, 9)}${r.digits(7)}`, mobile: (r) => `+49 151 ${r.digits(4)} ${r.digits(4)}` }),
  abroad({ country: 'DE', city: 'Munich', province: 'Bavaria', currency: 'EUR', streets: ['Leopoldstraße', 'Maximilianstraße', 'Sendlinger Straße'], isNumberLast: true, landline: (r) => `+49 89 ${r.int(2, 9)}${r.digits(7)}`, mobile: (r) => `0049 160 ${r.digits(7)}` }),
  abroad({ country: 'FR', city: 'Lyon', province: 'Auvergne-Rhône-Alpes', currency: 'EUR', streets: ['Rue de la République', 'Cours Lafayette', 'Quai Saint-Antoine'], landline: (r) => `+33 4 ${r.int(10, 99)} ${r.int(10, 99)} ${r.int(10, 99)} ${r.int(10, 99)}`, mobile: (r) => `+33 6 ${r.int(10, 29)} ${r.int(10, 99)} ${r.int(10, 99)} ${r.int(10, 99)}` }),
  abroad({ country: 'NL', city: 'Rotterdam', province: 'South Holland', currency: 'EUR', streets: ['Coolsingel', 'Witte de Withstraat', 'Lijnbaan'], isNumberLast: true, landline: (r) => `+31 10 ${r.int(200, 899)} ${r.digits(4)}`, mobile: (r) => `+31 6 ${r.int(10, 59)}${r.digits(6)}` }),
  abroad({ country: 'SG', city: 'Singapore', province: 'Singapore', currency: 'SGD', streets: ['Orchard Road', 'Robinson Road', 'Beach Road'], landline: (r) => `+65 6${r.int(1, 5)}${r.digits(2)} ${r.digits(4)}`, mobile: (r) => `+65 ${r.pick(['8', '9'])}${r.int(1, 7)}${r.digits(2)} ${r.digits(4)}` }),
  abroad({ country: 'AU', city: 'Sydney', province: 'New South Wales', currency: 'AUD', streets: ['George Street', 'Pitt Street', 'Oxford Street'], landline: (r) => `+61 2 9${r.digits(3)} ${r.digits(4)}`, mobile: (r) => `+61 4${r.int(0, 3)}${r.int(0, 9)} ${r.digits(3)} ${r.digits(3)}` }),
];
