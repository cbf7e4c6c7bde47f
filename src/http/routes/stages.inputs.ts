/** Stage request bodies (wire) → typed inputs of the stage services. */
import type { Static } from 'typebox';
import { invalidFields } from '../../domain/errors.js';
import { stageSubjectTypeOf } from '../../domain/stages.js';
import type { CreateStageInput, UpdateStageInput } from '../../services/stages/stages.js';
import type { CreateStageBody, UpdateStageBody } from './stages.schemas.js';

export function createStageInputOf(body: Static<typeof CreateStageBody>): CreateStageInput {
  const subjectType = stageSubjectTypeOf(body.subject_type);
  if (!subjectType) {
    throw invalidFields('VALIDATION_FAILED', {
      subject_type: ['The subject_type must be Checklist or Run.'],
    });
  }
  return { title: body.title, subjectType, subjectId: body.subject_id, position: body.position };
}

export function updateStageInputOf(body: Static<typeof UpdateStageBody>): UpdateStageInput {
  return { title: body.title, position: body.position };
}
