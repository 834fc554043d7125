"""Planned `/assess` series: sessions weeks apart, preparation, reminders, facilitators and App Home."""
