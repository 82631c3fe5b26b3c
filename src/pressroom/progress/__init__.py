"""Progress that tells the truth: a build as named steps, each with its expected cost in
seconds (costs.py: defaults per kind of job, or what the last build into the same folder
measured), and an estimate of the time left from how fast those costs are being met
(tracker.py). meter.py maps the build's jobs and steps onto both."""
