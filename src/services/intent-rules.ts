import { invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import { DEFAULT_RULES } from '../engagement/understanding/default-rules.js'
import { type IntentRule, phraseProblem } from '../engagement/understanding/intent-rules.js'
import { type Understander, understander } from '../engagement/understanding/understand.js'
import type { Murmur } from '../murmur.js'
import type { Intent, IntentRulesTable } from '../storage/tables/engagement.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

/** A workspace's intent rule as the API shows it. */
export interface StoredIntentRule extends IntentRule {
  position: number
  created_at: number
  updated_at: number
}

export interface IntentRuleInput {
  intent?: Intent | undefined
  name?: string | undefined
  phrases?: string[] | undefined
  enabled?: boolean | undefined
  position?: number | undefined
}

const MAX_PHRASES = 200

const present = (row: Omit<IntentRulesTable, 'workspace_id'>): StoredIntentRule => ({
  id: row.id,
  intent: row.intent,
  name: row.name,
  phrases: JSON.parse(row.phrases) as string[],
  enabled: row.enabled === 1,
  position: row.position,
  created_at: row.created_at,
  updated_at: row.updated_at,
})

function checkPhrases(phrases: string[]): string[] {
  const cleaned = [...new Set(phrases.map((p) => p.trim()).filter(Boolean))]
  if (cleaned.length === 0) throw invalid('Give the rule at least one phrase.')
  if (cleaned.length > MAX_PHRASES) throw invalid(`A rule has at most ${MAX_PHRASES} phrases.`)
  const problems = cleaned.flatMap((phrase) => {
    const problem = phraseProblem(phrase)
    return problem ? [{ path: 'phrases', message: problem }] : []
  })
  if (problems.length > 0) throw invalid(problems.map((p) => p.message).join(' '), problems)
  return cleaned
}

async function installDefaults(murmur: Murmur, scope: WorkspaceScope): Promise<void> {
  const now = murmur.now()
  await scope.transaction(async (trx) => {
    // Whoever inserts the settings row installs the rules, once, even with concurrent callers.
    const claimed = await trx
      .insertInto('inbox_settings', { rules_installed_at: now })
      .onConflict((oc) => oc.column('workspace_id').doNothing())
      .executeTakeFirst()
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return
    await trx
      .insertInto(
        'intent_rules',
        DEFAULT_RULES.map((rule, index) => ({
          id: newId('ir', now + index),
          intent: rule.intent,
          name: rule.name,
          phrases: JSON.stringify(rule.phrases),
          enabled: 1,
          position: (index + 1) * 10,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute()
  })
}

/** The workspace's rules in order; the default set is installed the first time. */
export async function listIntentRules(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<StoredIntentRule[]> {
  const installed = await scope
    .selectFrom('inbox_settings')
    .select('rules_installed_at')
    .executeTakeFirst()
  if (!installed) await installDefaults(murmur, scope)
  const rows = await scope
    .selectFrom('intent_rules')
    .select(['id', 'intent', 'name', 'phrases', 'enabled', 'position', 'created_at', 'updated_at'])
    .orderBy('position')
    .orderBy('id')
    .execute()
  return rows.map(present)
}

/** A reader of messages with the workspace's current rules. */
export async function workspaceUnderstander(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<Understander> {
  return understander(await listIntentRules(murmur, scope))
}

export async function getIntentRule(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
): Promise<StoredIntentRule> {
  const rule = (await listIntentRules(murmur, scope)).find((r) => r.id === id)
  if (!rule) throw notFound('Intent rule')
  return rule
}

export async function createIntentRule(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: Required<Pick<IntentRuleInput, 'intent' | 'name' | 'phrases'>> & IntentRuleInput,
): Promise<StoredIntentRule> {
  const rules = await listIntentRules(murmur, scope)
  const now = murmur.now()
  const id = newId('ir', now)
  await scope
    .insertInto('intent_rules', {
      id,
      intent: input.intent,
      name: input.name.trim(),
      phrases: JSON.stringify(checkPhrases(input.phrases)),
      enabled: input.enabled === false ? 0 : 1,
      position: input.position ?? (rules.at(-1)?.position ?? 0) + 10,
      created_at: now,
      updated_at: now,
    })
    .execute()
  return getIntentRule(murmur, scope, id)
}

export async function updateIntentRule(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  input: IntentRuleInput,
): Promise<StoredIntentRule> {
  await getIntentRule(murmur, scope, id)
  await scope
    .updateTable('intent_rules')
    .set({
      ...(input.intent !== undefined && { intent: input.intent }),
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.phrases !== undefined && {
        phrases: JSON.stringify(checkPhrases(input.phrases)),
      }),
      ...(input.enabled !== undefined && { enabled: input.enabled ? 1 : 0 }),
      ...(input.position !== undefined && { position: input.position }),
      updated_at: murmur.now(),
    })
    .where('id', '=', id)
    .execute()
  return getIntentRule(murmur, scope, id)
}

export async function deleteIntentRule(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
): Promise<void> {
  await getIntentRule(murmur, scope, id)
  await scope.deleteFrom('intent_rules').where('id', '=', id).execute()
}

/** Replaces the workspace's rules with the default set. */
export async function resetIntentRules(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<StoredIntentRule[]> {
  await scope.transaction(async (trx) => {
    await trx.deleteFrom('intent_rules').execute()
    await trx.deleteFrom('inbox_settings').execute()
  })
  return listIntentRules(murmur, scope)
}
