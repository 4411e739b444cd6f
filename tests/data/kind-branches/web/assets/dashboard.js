// The organizer's dashboard counts rows by their mode: data.
const kind = st.mode === "door" ? "door " + st.target : st.mode;
