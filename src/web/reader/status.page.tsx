import { Layout } from '../components/layout.js';
import type { Chrome } from './reader-context.js';

/** The page for 404, 410 and other failures: a plain message and a way back. */
export function StatusPage({ chrome, status, title, message }: { chrome: Chrome; status: number; title: string; message: string }) {
  return (
    <Layout chrome={chrome} meta={{ title, description: message, noindex: true }}>
      <div class="status-page">
        <p class="status-code">Error {status}</p>
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/">Go to the front page</a>
        </p>
      </div>
    </Layout>
  );
}
