import { Type } from 'typebox';
import { createRule, deleteRule, updateRule } from '../../services/rules/rules.js';
import { requireActor } from '../plugins/auth.js';
import { presentRule, RuleSchema } from '../presenters/present-rule.js';
import { Envelope, ErrorResponses } from '../schemas/common.js';
import { TemplateParams } from '../schemas/templates.schemas.js';
import type { RouteModule } from '../types.js';
import { ruleInputOf } from './rules.inputs.js';
import { RuleBody, RuleParams } from './rules.schemas.js';

const tags = ['Automations'];

/** The spec and the CLI say `automated-actions`; the Python SDK says `automated_actions`. Both work. */
const SPELLINGS = ['automated-actions', 'automated_actions'] as const;

export const ruleRoutes: RouteModule = (app, ctx) => {
  for (const spelling of SPELLINGS) {
    const base = `/organizations/:org/checklists/:checklist_id/${spelling}`;

    app.post(
      base,
      {
        schema: {
          tags,
          summary: 'Add an automated action (rule) to a template',
          params: TemplateParams,
          body: RuleBody,
          response: { 201: Envelope(RuleSchema), ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const input = ruleInputOf(request.body);
        const rule = await createRule(ctx, requireActor(request), request.params.checklist_id, input);
        return reply.status(201).send({ data: presentRule(rule) });
      },
    );

    app.put(
      `${base}/:automated_id`,
      {
        schema: {
          tags,
          summary: 'Replace an automated action: its alias, conditions and actions',
          params: RuleParams,
          body: RuleBody,
          response: { 200: Envelope(RuleSchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const { checklist_id: id, automated_id: ruleId } = request.params;
        const rule = await updateRule(ctx, requireActor(request), id, ruleId, ruleInputOf(request.body));
        return { data: presentRule(rule) };
      },
    );

    app.delete(
      `${base}/:automated_id`,
      {
        schema: {
          tags,
          summary: 'Delete an automated action',
          params: RuleParams,
          response: { 204: Type.Null(), ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const { checklist_id: id, automated_id: ruleId } = request.params;
        await deleteRule(ctx, requireActor(request), id, ruleId);
        return reply.status(204).send(null);
      },
    );
  }
};
