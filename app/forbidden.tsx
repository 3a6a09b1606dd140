import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-4 px-4 text-center">
      <h1 className="text-2xl font-semibold">Not allowed</h1>
      <p className="max-w-md text-sm text-muted-foreground">Your role does not give access to this page. Ask an administrator if you need it.</p>
      <Link href="/" className={buttonVariants({ variant: "outline" })}>
        Go to the overview
      </Link>
    </main>
  );
}
