import { describe, expect, it } from 'vitest';
import { compareCompanyNames, companyName } from './company-name.ts';

describe('companyName', () => {
  it('reduces a company name to its core in any script, with the legal suffix and city gone', () => {
    for (const name of ['北京星辰科技有限公司', '星辰科技', '星辰科技股份有限公司', '星辰科技（北京）有限公司', 'Xingchen Tech Co., Ltd.', 'XINGCHEN TECHNOLOGY LIMITED', 'Beijing Xingchen Technology Co., Ltd.']) {
      expect(companyName(name), name).toMatchObject({ core: 'xingchen', trades: ['tech'] });
    }
    expect(companyName('北京某某科技有限公司').place).toBe('beijing');
    expect(companyName('MouMou Tech Co., Ltd.').core).toBe('moumou');
  });

  it('strips Latin legal forms', () => {
    for (const name of ['Smith Logistics Ltd', 'Smith Logistics Inc.', 'Smith Logistics GmbH', 'SMITH LOGISTICS LLC']) expect(companyName(name)).toMatchObject({ core: 'smith', trades: ['logistics'] });
  });
});

describe('compareCompanyNames', () => {
  const compare = (a: string, b: string) => compareCompanyNames(companyName(a), companyName(b));

  it('matches one company across scripts and suffixes', () => {
    expect(compare('北京星辰科技有限公司', 'Xingchen Tech Co., Ltd.')).toBe(1);
    expect(compare('北京星辰科技有限公司', '星辰科技')).toBe(1);
  });

  it('keeps apart companies that share only a trade or a brand in another trade or city', () => {
    expect(compare('北京星辰科技有限公司', '北京华创科技有限公司')).toBeLessThan(0.7);
    expect(compare('Smith Logistics Ltd', 'Smith Trading Ltd')).toBeLessThan(0.85);
    expect(compare('北京星辰科技有限公司', '上海星辰科技有限公司')).toBeLessThan(0.95);
  });
});
