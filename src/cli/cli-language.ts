import type { Language } from '../domain/messages.ts';

/** The value of `--lang` wherever it stands on the command line (before `--`), as given. */
export function langFlag(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === '--lang') found = argv[++i];
    else if (arg.startsWith('--lang=')) found = arg.slice('--lang='.length);
  }
  return found;
}

/**
 * The CLI's language: `--lang zh|en`, else KEHU_LANG, else the locale (LC_ALL, else LANG)
 * starting with zh, else English. A --lang that is neither is commander's usage error.
 */
export function cliLanguage(argv: readonly string[], env: NodeJS.ProcessEnv): { language: Language; explicit: Language | undefined } {
  const flag = langFlag(argv);
  const explicit = flag === 'zh' || flag === 'en' ? flag : undefined;
  if (explicit) return { language: explicit, explicit };
  const chosen = env.KEHU_LANG?.trim().toLowerCase();
  if (chosen) return { language: chosen.startsWith('zh') ? 'zh' : 'en', explicit: undefined };
  const locale = (env.LC_ALL || env.LANG || '').toLowerCase();
  return { language: locale.startsWith('zh') ? 'zh' : 'en', explicit: undefined };
}
