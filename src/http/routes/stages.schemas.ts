/** Wire shapes of the stage routes. */
import { Type } from 'typebox';
import { STAGE_TITLE_MAX } from '../../domain/stages.js';

const Id = (description: string) => Type.String({ maxLength: 64, description });

export const StageParams = Type.Object({ org: Type.String(), stage_id: Id('Stage id (32 hex)') });

export const StepStageParams = Type.Object({
  org: Type.String(),
  checklist_id: Id('Template id'),
  step_id: Id('Step id'),
});

export const TaskStageParams = Type.Object({
  org: Type.String(),
  run_id: Id('Process id'),
  task_id: Id('Task id'),
});

export const RunStageParams = Type.Object({ org: Type.String(), run_id: Id('Process id') });

const Position = Type.Integer({ minimum: 1, maximum: 10_000, description: '1-based; absent: last' });

export const CreateStageBody = Type.Object(
  {
    title: Type.String({
      maxLength: STAGE_TITLE_MAX * 4,
      description: `At most ${STAGE_TITLE_MAX} characters`,
    }),
    subject_type: Type.String({ maxLength: 32, description: 'Checklist | Run' }),
    subject_id: Id('The template or process id'),
    position: Type.Optional(Position),
  },
  { additionalProperties: true },
);

export const UpdateStageBody = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: STAGE_TITLE_MAX * 4 })),
    position: Type.Optional(Position),
  },
  { additionalProperties: true },
);

export const LinkStageBody = Type.Object({ stage_id: Id('Stage id') }, { additionalProperties: true });
