import autocannon from 'autocannon';

export interface ThroughputResult {
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** Requests/s for GET `pathOf(id)` with ids drawn from `ids`, `connections` at a time. */
export async function measureThroughput(options: {
  url: string;
  pathOf: (id: number) => string;
  ids: number[];
  headers?: Record<string, string>;
  seconds: number;
  connections: number;
}): Promise<ThroughputResult> {
  let next = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers ?? {},
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const id = options.ids[next++ % options.ids.length] as number;
          return { ...request, path: options.pathOf(id) };
        },
      },
    ],
  });
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}
