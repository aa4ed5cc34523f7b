// CSV import: choose what to import and a file, check it (dry run) or import it. The import
// runs as a background job on the server (POST /import-jobs); the page polls the job for its
// progress and then shows the created count or every row's errors.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { t, tValue } from '../../i18n';
import { Link, RouteProps } from '../../router';
import { can } from '../../session';
import { ErrorBanner, PageHeader } from '../../ui/components';

type Kind = 'parties' | 'contacts' | 'leads';
interface RowError { row: number | null; line?: number; field: string | null; code: string; message: string }
interface Job {
  id: number; kind: Kind; state: 'queued' | 'running' | 'done' | 'failed'; done: number;
  total: number; dry_run: boolean;
  report: { created?: number; would_create?: number } | null;
  error: { status: number; code: string; detail: string; errors?: RowError[]; rows?: number; valid_rows?: number } | null;
}

// Each kind, the permission it needs and the list its records appear in.
const KINDS: { kind: Kind; permission: string; list: string }[] = [
  { kind: 'parties', permission: 'party.party.create', list: '/customers' },
  { kind: 'contacts', permission: 'party.party.update', list: '/customers' },
  { kind: 'leads', permission: 'crm.lead.create', list: '/leads' },
];
const POLL_MS = 300;

function readFile(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file, 'utf-8');
  });
}

// Polls the job every POLL_MS until it is finished; stops when the page goes away.
function useJob(id: number | null): [Job | null, unknown] {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (id === null) return undefined;
    let timer = 0;
    let live = true;
    const poll = async () => {
      try {
        const j = await api.get<Job>(`import-jobs/${id}`);
        if (!live) return;
        setJob(j);
        if (j.state === 'queued' || j.state === 'running') timer = window.setTimeout(poll, POLL_MS);
      } catch (e) {
        if (live) setError(e);
      }
    };
    void poll();
    return () => { live = false; clearTimeout(timer); };
  }, [id]);
  return [job, error];
}

function Result({ job }: { job: Job }) {
  const list = KINDS.find((k) => k.kind === job.kind)?.list ?? '/customers';
  if (job.state === 'done' && job.report) {
    return (
      <p role="status" data-testid="import-result">
        {job.dry_run ? t('imp.checked', { n: job.report.would_create ?? 0 })
                     : t('imp.created', { n: job.report.created ?? 0 })}{' '}
        {!job.dry_run && <Link href={list}>{t('imp.open_list')}</Link>}
      </p>);
  }
  if (job.state !== 'failed' || !job.error) return null;
  const rows = job.error.errors ?? [];
  if (job.error.code !== 'import.rejected') {
    return <ErrorBanner error={new ApiError(job.error.status, job.error.code, job.error.detail)} />;
  }
  const n = job.error.rows ?? 0;
  return (
    <>
      <p role="alert">{t('imp.rejected', { bad: n - (job.error.valid_rows ?? 0), n })}</p>
      <table class="data" aria-label={t('imp.message')} data-testid="import-errors">
        <thead><tr><th>{t('imp.row')}</th><th>{t('imp.line')}</th><th>{t('imp.field')}</th>
          <th>{t('imp.message')}</th></tr></thead>
        <tbody>{rows.map((e, i) => (
          <tr key={i}><td>{e.row ?? ''}</td><td>{e.line ?? ''}</td><td>{e.field ?? ''}</td>
            <td>{e.message}</td></tr>))}</tbody>
      </table>
    </>);
}

export function ImportPage({ query }: RouteProps) {
  const allowed = KINDS.filter((k) => can(k.permission));
  const wanted = allowed.find((k) => k.kind === query.get('kind'));
  const [kind, setKind] = useState<Kind>((wanted ?? allowed[0])?.kind ?? 'parties');
  const [dryRun, setDryRun] = useState(false);
  const [jobId, setJobId] = useState<number | null>(null);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [job, pollError] = useJob(jobId);
  const running = jobId !== null && (!job || job.state === 'queued' || job.state === 'running');

  const start = async (check: boolean) => {
    setSubmitError(null);
    const file = fileRef.current?.files?.[0];
    if (!file) { setSubmitError(new Error(t('imp.no_file'))); return; }
    try {
      const csv = await readFile(file);
      const j = await api.post<Job>('import-jobs', { kind, csv, dry_run: check || dryRun });
      setJobId(j.id);
    } catch (e) {
      setSubmitError(e);
    }
  };

  if (allowed.length === 0) {
    return <><PageHeader title={t('imp.title')} /><p>{t('imp.nothing_allowed')}</p></>;
  }
  return (
    <>
      <PageHeader title={t('imp.title')} />
      <form class="card" onSubmit={(e) => { e.preventDefault(); void start(false); }}>
        <div class="field"><label for="ikind">{t('imp.kind')}</label>
          <select id="ikind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
            {allowed.map((k) => <option key={k.kind} value={k.kind}>{tValue('imp.kind', k.kind)}</option>)}
          </select></div>
        <div class="field"><label for="ifile">{t('imp.file')}</label>
          <input id="ifile" ref={fileRef} type="file" accept=".csv,text/csv" />
          <small class="muted">{t('imp.file_hint')}</small></div>
        <div class="field"><label>
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} />
          {' '}{t('imp.dry_run')}</label></div>
        <div class="toolbar">
          <button type="button" disabled={running} onClick={() => void start(true)}>{t('imp.check')}</button>
          <button type="submit" class="primary" disabled={running}>{t('imp.import')}</button>
        </div>
      </form>
      <ErrorBanner error={submitError ?? pollError} />
      {job && (
        <section class="card" aria-live="polite">
          <p>{tValue('imp.state', job.state)}</p>
          <progress value={job.done} max={job.total || 1} aria-label={t('common.progress', { done: job.done, total: job.total })}
                    aria-valuenow={job.done} aria-valuemin={0} aria-valuemax={job.total} />
          <span class="muted"> {t('common.progress', { done: job.done, total: job.total })}</span>
          <Result job={job} />
        </section>)}
    </>
  );
}
