/**
 * `GET /checklists/{id}/steps-deadlines` and `…/steps-start-dates`: each step's deadline and
 * start date if the template were launched now (the launch's own plan, see launch-preview.ts).
 */
import { Type } from 'typebox';
import { parseDateInput } from '../../domain/dates.js';
import { invalidFields } from '../../domain/errors.js';
import { previewLaunchDates } from '../../services/processes/launch-preview.js';
import { requireActor } from '../plugins/auth.js';
import { Envelope, ErrorResponses, IsoDate } from '../schemas/common.js';
import type { RouteModule } from '../types.js';

const tags = ['Template'];
const Params = Type.Object({ org: Type.String(), checklist_id: Type.String({ maxLength: 64 }) });
const StepId = Type.Optional(
  Type.String({ maxLength: 64, description: 'The step whose date is set by hand' }),
);
const DateParam = (description: string) => Type.Optional(Type.String({ maxLength: 64, description }));

const DeadlinesQuery = Type.Object({
  step_id: StepId,
  deadline: DateParam("With step_id: that step's deadline, as a launch's tasks override sets it"),
  in_working_days: Type.Optional(
    Type.Boolean({
      default: true,
      description: "false: deadlines not moved into the organization's working time",
    }),
  ),
});
const StartDatesQuery = Type.Object({
  step_id: StepId,
  start_date: DateParam("With step_id: that step's start date"),
});

const StepDeadline = Type.Object(
  { step_id: Type.String(), deadline_time: IsoDate },
  { additionalProperties: false },
);
const StepStartDate = Type.Object(
  { step_id: Type.String(), start_date: IsoDate },
  { additionalProperties: false },
);

/** A date parameter that needs step_id, parsed; absent stays absent. */
function handSetDate(name: string, raw: string | undefined, stepId: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const date = parseDateInput(raw);
  if (!date)
    throw invalidFields('VALIDATION_FAILED', { [name]: [`The ${name} must be a date or date-time.`] });
  if (stepId === undefined)
    throw invalidFields('VALIDATION_FAILED', { step_id: [`The step_id is required with ${name}.`] });
  return date;
}

export const launchPreviewRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/checklists/:checklist_id/steps-deadlines',
    {
      schema: {
        tags,
        summary: "Each step's deadline if the template were launched now",
        params: Params,
        querystring: DeadlinesQuery,
        response: { 200: Envelope(Type.Array(StepDeadline)), ...ErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const deadline = handSetDate('deadline', q.deadline, q.step_id);
      const steps = await previewLaunchDates(ctx, requireActor(request), request.params.checklist_id, {
        inWorkingDays: q.in_working_days !== false,
        ...(deadline && q.step_id ? { deadlineOverride: { stepId: q.step_id, deadline } } : {}),
      });
      return { data: steps.map((s) => ({ step_id: s.stepId, deadline_time: s.deadline })) };
    },
  );

  app.get(
    '/organizations/:org/checklists/:checklist_id/steps-start-dates',
    {
      schema: {
        tags,
        summary: "Each step's start date if the template were launched now",
        params: Params,
        querystring: StartDatesQuery,
        response: { 200: Envelope(Type.Array(StepStartDate)), ...ErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const start = handSetDate('start_date', q.start_date, q.step_id);
      const steps = await previewLaunchDates(ctx, requireActor(request), request.params.checklist_id, {
        inWorkingDays: true,
        ...(start && q.step_id ? { startOverride: { stepId: q.step_id, start } } : {}),
      });
      return { data: steps.map((s) => ({ step_id: s.stepId, start_date: s.startedAt })) };
    },
  );
};
