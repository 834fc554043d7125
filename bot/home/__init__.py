"""One App Home for every programme: what each person has coming up, owes, and looks after."""
