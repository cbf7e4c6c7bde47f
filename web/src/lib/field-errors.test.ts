import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { fieldErrorsById } from './field-errors';

describe('fieldErrorsById', () => {
  it('keys the first message of each path by its field id', () => {
    const error = new ApiError(422, 'REQUIRED_FIELDS_MISSING', 'Required fields are empty: Name.', {
      'taskdata.abc': ['The Name field is required.', 'second'],
      'prerun.def': ['The Start field is not a valid date.'],
    });
    expect(fieldErrorsById(error)).toEqual({
      abc: 'The Name field is required.',
      def: 'The Start field is not a valid date.',
    });
  });

  it('has nothing for an error that is not the server’s', () => {
    expect(fieldErrorsById(new Error('offline'))).toEqual({});
  });
});
