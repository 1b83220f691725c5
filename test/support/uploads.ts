import type { TestApi } from './api.ts';

/** A multipart/form-data body as a browser sends it. */
export function form(file: { name: string; bytes: Buffer } | null, fields: Record<string, string> = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----kehu${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export interface Uploader {
  /** POSTs a file (and form fields) to `path`. */
  upload(path: string, file: { name: string; bytes: Buffer } | null, fields?: Record<string, string>, token?: string): ReturnType<TestApi['call']>;
  /** Uploads a file to /api/v1/imports and waits for its background job to finish; returns the job. */
  imported(file: { name: string; bytes: Buffer }, fields?: Record<string, string>, token?: string): Promise<Record<string, unknown> & { id: number; status: string }>;
}

/** Upload helpers over a test API; set KEHU_IMPORT_DIR before the app is built. */
export function uploader(api: () => TestApi): Uploader {
  const upload: Uploader['upload'] = (path, file, fields = {}, token = api().token) => {
    const body = form(file, fields);
    return api().app.inject({ method: 'POST', url: path, payload: body.payload, headers: { authorization: `Bearer ${token}`, ...body.headers } });
  };
  return {
    upload,
    async imported(file, fields = {}, token = api().token) {
      const res = await upload('/api/v1/imports', file, fields, token);
      if (res.statusCode !== 202) throw new Error(`import refused: ${res.statusCode} ${res.body}`);
      const id = res.json().id as number;
      for (let i = 0; i < 500; i++) {
        const job = (await api().call('GET', `/api/v1/imports/${id}`, undefined, {}, token)).json();
        if (job.status !== 'queued' && job.status !== 'running') return job;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`import ${id} did not finish`);
    },
  };
}
