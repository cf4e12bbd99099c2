"""Render: submissions, intake.yml, meeting.yml and the crisis notice → generated pages and feeds."""
