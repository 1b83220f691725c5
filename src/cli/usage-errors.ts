import type { Command } from 'commander';
import type { Language } from '../domain/messages.ts';
import { say } from './cli-words.ts';

// Commander's usage errors (src: commander/lib/command.js, option.js), by their English form, in
// Chinese; the names of commands, options and values stay as typed. Help text stays English.
const USAGE_ZH: Array<[RegExp, (...m: string[]) => string]> = [
  [/^error: unknown command '(.*)'$/, (name) => `未知命令 '${name}'`],
  [/^error: unknown option '(.*)'$/, (flag) => `未知选项 '${flag}'`],
  [/^error: missing required argument '(.*)'$/, (name) => `缺少必需的参数 '${name}'`],
  [/^error: option '(.*)' argument missing$/, (flag) => `选项 '${flag}' 缺少值`],
  [/^error: required option '(.*)' not specified$/, (flag) => `未指定必需的选项 '${flag}'`],
  [/^error: too many arguments for '(.*)'\. Expected (\d+) arguments? but got (\d+)\.$/, (name, want, got) => `'${name}' 的参数过多：应为 ${want} 个，实际 ${got} 个`],
  [/^error: too many arguments\. Expected (\d+) arguments? but got (\d+)\.$/, (want, got) => `参数过多：应为 ${want} 个，实际 ${got} 个`],
  [/^error: option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/, (flag, value, choices) => `选项 '${flag}' 的值 '${value}' 无效；可选值：${choices}`],
  [/^error: option '(.*)' argument '(.*)' is invalid\. (.*)$/, (flag, value, why) => `选项 '${flag}' 的值 '${value}' 无效：${why}`],
  [/^error: command-argument value '(.*)' is invalid for argument '(.*)'\. Allowed choices are (.*)\.$/, (value, name, choices) => `参数 '${name}' 的值 '${value}' 无效；可选值：${choices}`],
  [/^error: (.*) cannot be used with (.*)$/, (a, b) => `${a} 不能与 ${b} 同时使用`],
];
const SUGGESTION = /^\(Did you mean (?:one of )?(.*)\?\)$/;

/** One of commander's error messages (maybe several lines) in the language. */
export function usageError(language: Language, text: string): string {
  if (language === 'en') return text;
  return text
    .split('\n')
    .map((line) => {
      const suggestion = SUGGESTION.exec(line);
      if (suggestion) return `（是否想输入 '${suggestion[1]}'？）`;
      for (const [pattern, zh] of USAGE_ZH) {
        const m = pattern.exec(line);
        if (m) return `kehu: ${zh(...m.slice(1))}`;
      }
      return line;
    })
    .join('\n');
}

/** Every command, its subcommands' too: after a usage error, the whole help in English, or in Chinese a pointer to it. */
export function configureUsageErrors(command: Command, language: Language): void {
  const path = (c: Command): string => (c.parent ? `${path(c.parent)} ${c.name()}` : c.name());
  command.showHelpAfterError(language === 'zh' ? say({ language }, '(run {{command}} --help for the usage)', { command: path(command) }) : true);
  for (const sub of command.commands) configureUsageErrors(sub, language);
}
