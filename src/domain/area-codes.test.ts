import { describe, expect, it } from 'vitest';
import { normalisePhone } from './phone.ts';
import { areaCodeOfCity, readAreaCode, withAreaCode } from './area-codes.ts';

describe('area codes', () => {
  it('knows the cities, written as people write them', () => {
    expect(['北京', '上海市', '广州', '深圳市', 'Shenzhen', 'shen zhen', '杭州市', '株洲', '延边朝鲜族自治州', '兴安盟', '大兴安岭地区', '乌鲁木齐市', '朝阳区'].map(areaCodeOfCity)).toEqual(['010', '021', '020', '0755', '0755', '0755', '0571', '0731', '0433', '0482', '0457', '0991', null]);
    expect(areaCodeOfCity('London')).toBeNull();
    expect(areaCodeOfCity('')).toBeNull();
  });

  // Checked against public sources (2025-12): 开封 dials 0371 since its network joined 郑州's; 抚顺 and
  // 铁岭 joined 沈阳's 024 on 2011-08-28, 本溪 on 2014-05-24; 眉山 and 资阳 share 成都's 028; 遵义 (was
  // 0852) and 安顺 (was 0853) share 贵阳's 0851 since 2014-12-20, while 六盘水, 毕节 … keep their own.
  it('knows the cities that dial a neighbour\'s code since their networks merged', () => {
    expect(['开封', '开封市', '郑州'].map(areaCodeOfCity)).toEqual(['0371', '0371', '0371']);
    expect(['抚顺市', '本溪', '铁岭市', '沈阳'].map(areaCodeOfCity)).toEqual(['024', '024', '024', '024']);
    expect(['眉山市', '资阳', '成都'].map(areaCodeOfCity)).toEqual(['028', '028', '028']);
    expect(['遵义市', '安顺', '贵阳', '六盘水', '毕节'].map(areaCodeOfCity)).toEqual(['0851', '0851', '0851', '0858', '0857']);
  });

  it('reads an area code cell and puts it before a local landline only', () => {
    expect(['0755', '755', '(010)', '0571-', 'abc', '12345'].map(readAreaCode)).toEqual(['0755', '0755', '010', '0571', null, null]);
    expect(withAreaCode('8666 1234', '0755')).toBe('0755 8666 1234');
    expect(withAreaCode('6552-100', '010')).toBe('010 6552-100');
    expect(withAreaCode('138 1234 5678', '0755')).toBe('138 1234 5678');
    expect(withAreaCode('0755 8666 1234', '010')).toBe('0755 8666 1234');
    expect(withAreaCode('+86 10 6552 1001', '0755')).toBe('+86 10 6552 1001');
    const phone = normalisePhone(withAreaCode('8666 1234', '0755'), 'CN');
    expect('value' in phone ? phone.value : phone).toBe('+8675586661234');
  });
});
