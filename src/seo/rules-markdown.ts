import { type SeoRule, type Severity, seoRules } from './rules.js'

const headings: Record<Severity, string> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Information',
}

/** HTML in the table's sentences shows as code, so Markdown does not swallow it. */
const code = (text: string) => text.replace(/<[^>]+>/g, '`$&`')

function ruleSection(rule: SeoRule): string {
  return [
    `#### \`${rule.id}\`: ${rule.title}`,
    '',
    `Severity **${rule.severity}**, impact ${rule.impact}. Reported as: \`${rule.message}\``,
    '',
    `- **Why it matters:** ${code(rule.why)}`,
    `- **How to fix it:** ${code(rule.fix)}`,
  ].join('\n')
}

/**
 * The rules part of docs/site-check.md, made from the table so the docs say what the check does.
 * Print it with:
 *   node --import tsx --input-type=module -e "import { rulesMarkdown } from './src/seo/rules-markdown.ts'; process.stdout.write(rulesMarkdown())"
 */
export function rulesMarkdown(): string {
  const parts: string[] = []
  for (const severity of ['error', 'warning', 'info'] as const) {
    parts.push(`### ${headings[severity]}`)
    for (const rule of seoRules.filter((item) => item.severity === severity))
      parts.push(ruleSection(rule))
  }
  return `${parts.join('\n\n')}\n`
}
