#!/usr/bin/env node
// Loads the TypeScript sources through tsx so `npx kehu` works straight after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
