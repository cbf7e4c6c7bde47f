import { Alert } from '@mantine/core';

/** The server's message for a refused form when it names none of the form's fields. */
export function FormAlert({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return (
    <Alert color="red" title="Not saved" role="alert">
      {message}
    </Alert>
  );
}
