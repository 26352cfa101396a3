import Link from "next/link";
import { Guarded } from "@/components/viewer";
import { DagEditor } from "../dag-editor";

export const metadata = { title: "New DAG" };

export default function NewDagPage() {
  return (
    <>
      <p className="muted">
        <Link href="/dags">DAGs</Link> / new
      </p>
      <h1>New DAG</h1>
      <Guarded needs="CREATE" some>
        <DagEditor mode="create" />
      </Guarded>
    </>
  );
}
