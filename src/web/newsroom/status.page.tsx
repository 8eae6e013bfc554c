import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** A newsroom error or notice page: not allowed, not found, link expired … */
export function NewsroomStatusPage(props: { chrome: NewsroomChrome; status: number; title: string; message: string }) {
  return (
    <NewsroomLayout chrome={props.chrome} title={props.title}>
      <div class="nr-narrow">
        <h1>{props.title}</h1>
        <p class="lede">{props.message}</p>
        <p>
          <a href="/newsroom">Back to the newsroom</a>
        </p>
      </div>
    </NewsroomLayout>
  );
}
