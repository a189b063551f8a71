import { Alert, Anchor, Button, List, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api';
import { inAppLinks } from '../../components/InAppText';

/** One problem of a workflow as the API words it (validate, validate-draft, a 422 on activate or run). */
export interface WorkflowIssue {
  code: string;
  field: string;
  message: string;
  stepId?: string;
  /** The step by name and id and the field, in words. */
  where?: string;
  /** What to do about it. */
  hint?: string;
}

/** The problems a refused activation or run lists, when the error carries them. */
export function issuesOf(error: unknown): WorkflowIssue[] {
  if (!(error instanceof ApiError)) return [];
  const raw = error.problem['issues'];
  return Array.isArray(raw) ? (raw as WorkflowIssue[]).filter((i) => typeof i === 'object' && i !== null && typeof i.message === 'string') : [];
}

/** Any other refusal, in words: the message, then each field it names with what is wrong. */
export function errorWords(error: unknown): { title: string; lines: string[] } {
  if (error instanceof ApiError) {
    if (error.status === 403) return { title: 'Your role does not allow this', lines: [error.detail, 'Ask an admin of the workspace for a role that may.'] };
    return { title: error.detail, lines: error.fields.map((f) => `${f.field.replace(/^body\./, '').replace(/\./g, ' › ')}: ${f.message}`) };
  }
  return { title: error instanceof Error ? error.message : String(error), lines: [] };
}

interface IssueListProps {
  issues: WorkflowIssue[];
  title?: string;
  /** In the editor: select the step on the canvas. */
  onShowStep?: (stepId: string) => void;
  /** Elsewhere: a link into the editor at the step. */
  workflowId?: string;
  onClose?: () => void;
}

/** Every problem at once, where people can act on them: step and field in words, what to do, a way to the step. */
export function IssueList({ issues, title, onShowStep, workflowId, onClose }: IssueListProps) {
  return (
    <Alert color="red" title={title ?? `This workflow has ${issues.length} problem${issues.length === 1 ? '' : 's'} to fix`} data-testid="workflow-issues" styles={{ title: { color: 'var(--mantine-color-text)' } }} {...(onClose ? { withCloseButton: true, closeButtonLabel: 'Dismiss', onClose } : {})}>
      <List size="sm" spacing={6}>
        {issues.map((i) => (
          <List.Item key={`${i.field}|${i.code}|${i.message}`} data-issue-step={i.stepId}>
            <Text span size="sm" fw={600}>
              {i.where ?? (i.stepId ? `Step “${i.stepId}”` : 'The workflow')}:
            </Text>{' '}
            <Text span size="sm">
              {i.message}
            </Text>
            {i.hint && (
              <Text size="sm" c="dimmed">
                {i.hint}
              </Text>
            )}
            {i.stepId && onShowStep && (
              <Button size="compact-xs" variant="subtle" onClick={() => onShowStep(i.stepId as string)} aria-label={`Show step ${i.stepId}`}>
                Show step
              </Button>
            )}
            {i.stepId && !onShowStep && workflowId && (
              <Anchor component={Link} to={`/workflows/w/${workflowId}/edit?step=${encodeURIComponent(i.stepId)}`} size="sm">
                Fix step “{i.stepId}” in the editor
              </Anchor>
            )}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** A refusal shown in place: the workflow's problems as a list, or the error in words. */
export function ErrorPanel({ error, workflowId, onShowStep, onClose }: { error: unknown; workflowId?: string; onShowStep?: (stepId: string) => void; onClose?: () => void }) {
  const issues = issuesOf(error);
  if (issues.length > 0) return <IssueList issues={issues} {...(workflowId ? { workflowId } : {})} {...(onShowStep ? { onShowStep } : {})} {...(onClose ? { onClose } : {})} />;
  const words = errorWords(error);
  return (
    <Alert color="red" title={inAppLinks(words.title)} data-testid="workflow-error" {...(onClose ? { withCloseButton: true, closeButtonLabel: 'Dismiss', onClose } : {})}>
      {words.lines.map((l) => (
        <Text key={l} size="sm">
          {inAppLinks(l)}
        </Text>
      ))}
    </Alert>
  );
}
