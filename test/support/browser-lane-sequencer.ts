import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * vitest's order (longest or largest first), with the browser journeys spread evenly among the
 * other files instead of all at one end: files start in this order as workers free up, and the
 * journeys take one lane at a time (test/browser/lane.ts), so one of them runs beside the others
 * for most of the run rather than all of them alone after it.
 */
export default class BrowserLaneSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const journeys = sorted.filter((spec) => spec.project.name === 'browser');
    const others = sorted.filter((spec) => spec.project.name !== 'browser');
    if (journeys.length === 0 || others.length === 0) return sorted;
    const every = others.length / journeys.length;
    const order: TestSpecification[] = [];
    let next = 0;
    others.forEach((spec, i) => {
      // the next journey starts once its share of the other files has started before it
      while (next < journeys.length && next * every <= i) order.push(journeys[next++] as TestSpecification);
      order.push(spec);
    });
    return [...order, ...journeys.slice(next)];
  }
}
