from efficiency_benchmark.task import Task
from efficiency_benchmark.tasks import TASKS
