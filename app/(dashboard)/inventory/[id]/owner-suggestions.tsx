import { SuggestionButtons } from "../../imports/suggestions/suggestion-buttons";
import { formatDate } from "@/lib/utils";

interface Suggestion {
  id: string;
  origin: string;
  hint: string;
  createdAt: Date;
  user: { id: string; name: string; email: string; active: boolean };
}

/** Admins: owners that imports suggest for this NHI (from hints in the exports), to accept or dismiss. */
export function OwnerSuggestionsPanel({ suggestions }: { suggestions: Suggestion[] }) {
  return (
    <section aria-label="Owner suggestions" className="mt-5 rounded-md border border-info-border bg-info-subtle/50 p-3">
      <h3 className="text-sm font-medium">Suggested owner{suggestions.length === 1 ? "" : "s"} from imports</h3>
      <ul className="mt-2 space-y-2">
        {suggestions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <span>
              <span className="font-medium">{s.user.name}</span> <span className="text-muted-foreground">{s.user.email}</span>
              <span className="block text-xs text-muted-foreground">
                From {s.origin} ({s.hint}), {formatDate(s.createdAt)}
                {!s.user.active ? " · deactivated user" : ""}
              </span>
            </span>
            <SuggestionButtons ids={[s.id]} compact />
          </li>
        ))}
      </ul>
    </section>
  );
}
