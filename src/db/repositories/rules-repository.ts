import type { Selectable } from 'kysely';
import type { RuleAction, RuleCondition } from '../../domain/templates/definition.js';
import type { Rule } from '../../domain/templates/template.js';
import type { Db } from '../database.js';
import { fromJson, toJson } from '../dialect.js';
import type { RulesTable } from '../tables/templates.js';

function toRule(row: Selectable<RulesTable>): Rule {
  return {
    id: row.id,
    templateId: row.template_id,
    alias: row.alias,
    conditions: fromJson<RuleCondition[]>(row.conditions, []),
    actions: fromJson<RuleAction[]>(row.actions, []),
    position: row.position,
    createdAt: row.created_at,
    lastUpdated: row.last_updated,
  };
}

function toRow(rule: Rule) {
  return {
    alias: rule.alias,
    conditions: toJson(rule.conditions),
    actions: toJson(rule.actions),
    position: rule.position,
    last_updated: rule.lastUpdated,
  };
}

export async function insertRules(db: Db, organizationId: string, rules: readonly Rule[]): Promise<void> {
  if (rules.length === 0) return;
  await db
    .insertInto('rules')
    .values(
      rules.map((rule) => ({
        ...toRow(rule),
        id: rule.id,
        organization_id: organizationId,
        template_id: rule.templateId,
        created_at: rule.createdAt,
      })),
    )
    .execute();
}

/** Writes alias, conditions, actions and position of one rule. */
export async function saveRule(db: Db, organizationId: string, rule: Rule): Promise<void> {
  await db
    .updateTable('rules')
    .set(toRow(rule))
    .where('organization_id', '=', organizationId)
    .where('id', '=', rule.id)
    .execute();
}

/** The rules of the given templates, by position, in one query. */
export async function findRulesOfTemplates(
  db: Db,
  organizationId: string,
  templateIds: readonly string[],
): Promise<Rule[]> {
  if (templateIds.length === 0) return [];
  const rows = await db
    .selectFrom('rules')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('template_id', 'in', [...templateIds])
    .orderBy('template_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(toRule);
}

export async function deleteRules(db: Db, organizationId: string, ruleIds: readonly string[]): Promise<void> {
  if (ruleIds.length === 0) return;
  await db
    .deleteFrom('rules')
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...ruleIds])
    .execute();
}
