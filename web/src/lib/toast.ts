import { notifications } from '@mantine/notifications';

/** A toast for a finished action; its close button is named for screen readers. */
export function toast(message: string): void {
  notifications.show({ color: 'teal', message, closeButtonProps: { 'aria-label': 'Close notification' } });
}

/** A toast for an action the server refused, in the server's words. */
export function toastFailure(error: unknown): void {
  notifications.show({
    color: 'red',
    title: 'Not done',
    message: error instanceof Error ? error.message : String(error),
    closeButtonProps: { 'aria-label': 'Close notification' },
  });
}
