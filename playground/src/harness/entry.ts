// The script a run executes in its iframe: the recorder, then the program.
import { start } from "/pg/recorder.ts";

start(() => import("/user.ts"));
