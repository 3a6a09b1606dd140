import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-4 px-4 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="max-w-md text-sm text-muted-foreground">It does not exist, or it is not one you can see.</p>
      <Link href="/" className={buttonVariants({ variant: "outline" })}>
        Go to the overview
      </Link>
    </main>
  );
}
