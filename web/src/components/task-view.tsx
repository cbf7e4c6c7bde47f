import {
  Anchor,
  Badge,
  Button,
  Card,
  Divider,
  Group,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { type ReactNode, useState } from 'react';
import { absoluteTime } from '../lib/deadline';
import { fieldErrorsById } from '../lib/field-errors';
import { formatValue } from '../lib/format-value';
import { ownerNames, type Person } from '../lib/members';
import { toast, toastFailure } from '../lib/toast';
import type { Activity, ChangedByRule, FileAsset, FormField, TaskWithIncludes, Thread } from '../lib/types';
import { DeadlineText } from './deadline-text';
import { FieldEditor } from './field-editor';
import { RichText } from './rich-text';
import { RuleChanges } from './rule-changes';

/** What a task page can do: members and guests reach the same things through different routes. */
export interface TaskOperations {
  /** Saves one form value; answers what rules changed (a value can show or hide steps). */
  saveValue(fieldId: string, value: unknown): Promise<Record<string, ChangedByRule> | undefined>;
  /** Completes (approve: true / false on approval steps); answers what rules changed. */
  complete(isApproved?: boolean): Promise<Record<string, ChangedByRule> | undefined>;
  reopen(): Promise<Record<string, ChangedByRule> | undefined>;
  comment(content: string): Promise<void>;
  editComment(id: number, content: string): Promise<void>;
  deleteComment(id: number): Promise<void>;
  reportProblem(content: string): Promise<void>;
  resolveProblem(threadId: number, content: string): Promise<void>;
  uploadFile(fieldId: string | null, file: File, onProgress: (f: number) => void): Promise<FileAsset>;
  fileUrl(file: FileAsset): string;
  /** May the viewer edit or delete this comment? */
  ownsThread(thread: Thread): boolean;
}

const failed = toastFailure;

export function TaskView({
  task,
  ops,
  members,
  processLink,
  showHistory = true,
}: {
  task: TaskWithIncludes;
  ops: TaskOperations;
  members?: Map<number, Person> | undefined;
  processLink?: ReactNode;
  showHistory?: boolean;
}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | undefined>();
  const [changes, setChanges] = useState<Record<string, ChangedByRule> | undefined>();
  const fields = [...(task.form_fields?.data ?? [])].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const completed = task.status === 'completed';
  const now = new Date();

  const save = async (field: FormField, value: unknown) => {
    try {
      const changed = await ops.saveValue(field.id, value);
      setErrors(({ [field.id]: _, ...rest }) => rest);
      if (changed && Object.keys(changed).length > 0) setChanges(changed);
    } catch (error) {
      const byId = fieldErrorsById(error);
      setErrors((e) => ({ ...e, [field.id]: byId[field.id] ?? (error as Error).message }));
    }
  };

  const act = async (
    name: string,
    run: () => Promise<Record<string, ChangedByRule> | undefined>,
    done: string,
  ) => {
    setBusy(name);
    try {
      setChanges(await run());
      setErrors({});
      toast(done);
    } catch (error) {
      setErrors(fieldErrorsById(error));
      failed(error);
    } finally {
      setBusy(undefined);
    }
  };

  const actions = completed ? (
    <Button
      variant="default"
      loading={busy === 'reopen'}
      onClick={() => act('reopen', ops.reopen, 'Task reopened')}
    >
      Reopen
    </Button>
  ) : task.task_type === 'approval' ? (
    <>
      <Button
        color="teal"
        loading={busy === 'approve'}
        onClick={() => act('approve', () => ops.complete(true), 'Approved')}
      >
        Approve
      </Button>
      <Button
        color="red"
        variant="light"
        loading={busy === 'reject'}
        onClick={() => act('reject', () => ops.complete(false), 'Rejected')}
      >
        Reject
      </Button>
    </>
  ) : task.task_type === 'expiring' || task.task_type === 'expiring_email' ? (
    <Button loading={busy === 'ack'} onClick={() => act('ack', () => ops.complete(), 'Acknowledged')}>
      Acknowledge
    </Button>
  ) : (
    <Button
      loading={busy === 'complete'}
      onClick={() => act('complete', () => ops.complete(), 'Task completed')}
    >
      Complete
    </Button>
  );

  const threads = task.threads?.data ?? [];
  const attachments = (task.assets?.data ?? []).filter(
    (a) => !(a as { uploaded_from?: string | null }).uploaded_from,
  );

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start">
          <Title order={1}>{task.title}</Title>
          <Group gap={6}>
            <Badge variant="light" color={completed ? 'teal' : 'gray'}>
              {task.status_label}
            </Badge>
            {task.is_approved === true ? <Badge color="teal">Approved</Badge> : null}
            {task.is_approved === false ? <Badge color="red">Rejected</Badge> : null}
            {task.problem ? <Badge color="orange">Problem reported</Badge> : null}
          </Group>
        </Group>
        <Group gap="md">
          {processLink}
          <DeadlineText status={task.status} deadline={task.deadline} now={now} />
          {members ? (
            <Text size="sm" c="dimmed">
              Assigned to {ownerNames(task.owners, members)}
            </Text>
          ) : null}
        </Group>
      </Stack>
      {task.summary ? (
        <Card withBorder>
          <RichText html={task.summary} />
        </Card>
      ) : null}

      {fields.length ? (
        <Card withBorder component="section" aria-labelledby="form-title">
          <Title order={2} size="h4" id="form-title" mb="sm">
            Form
          </Title>
          <Stack>
            {fields.map((field) => (
              <FieldEditor
                key={field.id}
                field={field}
                value={task.taskdata[field.id] ?? field.field_value ?? null}
                onSave={(value) => save(field, value)}
                error={errors[field.id]}
                disabled={completed}
                members={members}
                upload={(file, progress) => ops.uploadFile(field.id, file, progress)}
                fileUrl={ops.fileUrl}
              />
            ))}
          </Stack>
        </Card>
      ) : null}

      <Group>{actions}</Group>
      <RuleChanges changes={changes} />

      <Files attachments={attachments} ops={ops} disabled={completed} />
      <Comments threads={threads} ops={ops} members={members} />
      {showHistory ? (
        <History activities={task.activities?.data ?? []} members={members} fields={fields} />
      ) : null}
    </Stack>
  );
}

function Files({
  attachments,
  ops,
  disabled,
}: {
  attachments: FileAsset[];
  ops: TaskOperations;
  disabled: boolean;
}) {
  const [progress, setProgress] = useState<number | undefined>();
  const onDrop = async (files: File[]) => {
    try {
      for (const file of files) {
        setProgress(0);
        await ops.uploadFile(null, file, setProgress);
      }
      toast(files.length === 1 ? 'File uploaded' : 'Files uploaded');
    } catch (error) {
      failed(error);
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <Card withBorder component="section" aria-labelledby="files-title">
      <Title order={2} size="h4" id="files-title" mb="sm">
        Files
      </Title>
      <Stack gap="xs">
        {attachments.length === 0 ? <Text c="dimmed">No files attached.</Text> : null}
        {attachments.map((f) => (
          <Anchor key={f.id} href={ops.fileUrl(f)} download={f.filename}>
            {f.filename}
          </Anchor>
        ))}
        {!disabled ? (
          <Dropzone
            onDrop={onDrop}
            loading={progress !== undefined}
            aria-label="Attach a file"
            inputProps={{ 'aria-label': 'Attach a file' }}
          >
            <Text ta="center" size="sm" c="dimmed">
              Drop a file here, or press to choose one
            </Text>
          </Dropzone>
        ) : null}
        {progress !== undefined ? <Text size="sm">Uploading… {Math.round(progress * 100)}%</Text> : null}
      </Stack>
    </Card>
  );
}

function Comments({
  threads,
  ops,
  members,
}: {
  threads: Thread[];
  ops: TaskOperations;
  members?: Map<number, Person> | undefined;
}) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const run = async (work: () => Promise<void>, done: string) => {
    try {
      await work();
      toast(done);
      return true;
    } catch (error) {
      failed(error);
      return false;
    }
  };
  return (
    <Card withBorder component="section" aria-labelledby="comments-title">
      <Title order={2} size="h4" id="comments-title" mb="sm">
        Comments
      </Title>
      <Stack>
        {threads.length === 0 ? <Text c="dimmed">No comments yet.</Text> : null}
        {threads.map((t) => (
          <ThreadItem key={t.id} thread={t} ops={ops} members={members} run={run} />
        ))}
        <Divider />
        <Textarea
          label="Comment"
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <Group>
          <Button
            disabled={!text.trim()}
            onClick={async () => (await run(() => ops.comment(text), 'Comment posted')) && setText('')}
          >
            Post comment
          </Button>
          {problem === undefined ? (
            <Button variant="default" onClick={() => setProblem('')}>
              Report a problem
            </Button>
          ) : null}
        </Group>
        {problem !== undefined ? (
          <Stack gap="xs">
            <Textarea
              label="Problem"
              autosize
              minRows={2}
              value={problem}
              onChange={(e) => setProblem(e.currentTarget.value)}
            />
            <Group>
              <Button
                color="orange"
                disabled={!problem.trim()}
                onClick={async () =>
                  (await run(() => ops.reportProblem(problem), 'Problem reported')) && setProblem(undefined)
                }
              >
                Send problem report
              </Button>
              <Button variant="subtle" onClick={() => setProblem(undefined)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}

function ThreadItem({
  thread,
  ops,
  members,
  run,
}: {
  thread: Thread;
  ops: TaskOperations;
  members?: Map<number, Person> | undefined;
  run: (work: () => Promise<void>, done: string) => Promise<boolean>;
}) {
  const [editing, setEditing] = useState<string | undefined>();
  const [resolving, setResolving] = useState<string | undefined>();
  const author =
    thread.author?.full_name ??
    (thread.author_id ? members?.get(thread.author_id)?.name : undefined) ??
    'A guest';
  const isProblem = thread.label === 'problem';
  const open = isProblem && thread.state !== 'resolved' && !thread.resolved_at;
  return (
    <Stack gap={4} component="article" aria-label={`${isProblem ? 'Problem' : 'Comment'} by ${author}`}>
      <Group gap="xs">
        <Text fw={600} size="sm">
          {author}
        </Text>
        <Text size="xs" c="dimmed">
          {absoluteTime(thread.created_at)}
        </Text>
        {isProblem ? <Badge color={open ? 'orange' : 'teal'}>{open ? 'Problem' : 'Resolved'}</Badge> : null}
        {thread.label === 'resolve' ? <Badge color="teal">Resolution</Badge> : null}
      </Group>
      {editing === undefined ? (
        <Text style={{ whiteSpace: 'pre-wrap' }}>{thread.content}</Text>
      ) : (
        <Textarea
          label="Edit comment"
          autosize
          value={editing}
          onChange={(e) => setEditing(e.currentTarget.value)}
        />
      )}
      <Group gap="xs">
        {ops.ownsThread(thread) && editing === undefined ? (
          <>
            <Button size="compact-sm" variant="subtle" onClick={() => setEditing(thread.content)}>
              Edit comment
            </Button>
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              onClick={() => run(() => ops.deleteComment(thread.id), 'Comment deleted')}
            >
              Delete comment
            </Button>
          </>
        ) : null}
        {editing !== undefined ? (
          <>
            <Button
              size="compact-sm"
              onClick={async () =>
                (await run(() => ops.editComment(thread.id, editing), 'Comment saved')) &&
                setEditing(undefined)
              }
            >
              Save comment
            </Button>
            <Button size="compact-sm" variant="subtle" onClick={() => setEditing(undefined)}>
              Cancel
            </Button>
          </>
        ) : null}
        {open && resolving === undefined ? (
          <Button size="compact-sm" variant="light" color="teal" onClick={() => setResolving('')}>
            Resolve problem
          </Button>
        ) : null}
      </Group>
      {resolving !== undefined ? (
        <Stack gap="xs">
          <Textarea
            label="How it was resolved"
            autosize
            value={resolving}
            onChange={(e) => setResolving(e.currentTarget.value)}
          />
          <Group>
            <Button
              size="compact-sm"
              color="teal"
              disabled={!resolving.trim()}
              onClick={async () =>
                (await run(() => ops.resolveProblem(thread.id, resolving), 'Problem resolved')) &&
                setResolving(undefined)
              }
            >
              Mark resolved
            </Button>
            <Button size="compact-sm" variant="subtle" onClick={() => setResolving(undefined)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}

function History({
  activities,
  members,
  fields,
}: {
  activities: Activity[];
  members?: Map<number, Person> | undefined;
  fields: FormField[];
}) {
  const labels = new Map(fields.map((f) => [f.id, f.label]));
  const rows = [...activities].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
  return (
    <Card withBorder component="section" aria-labelledby="history-title">
      <Title order={2} size="h4" id="history-title" mb="sm">
        History
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed">Nothing has happened yet.</Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2}>
          {rows.map((a) => {
            const who =
              a.actor_type === 'guest'
                ? 'A guest'
                : a.actor_id
                  ? (members?.get(a.actor_id)?.name ?? `Member ${a.actor_id}`)
                  : 'Flowlane';
            const fieldId = a.field?.replace(/^taskdata\./, '');
            const field = fieldId ? (labels.get(fieldId) ?? a.field) : undefined;
            return (
              <Timeline.Item key={a.id} title={`${who}: ${a.action.replaceAll('_', ' ')}`}>
                {field ? (
                  <Text size="sm">
                    {field}: {formatValue(a.old_value, members)} → {formatValue(a.new_value, members)}
                  </Text>
                ) : a.text ? (
                  <Text size="sm">{a.text}</Text>
                ) : null}
                <Text size="xs" c="dimmed">
                  {absoluteTime(a.created_at)}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Card>
  );
}
